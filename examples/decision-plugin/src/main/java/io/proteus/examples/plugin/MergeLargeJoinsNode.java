package io.proteus.examples.plugin;

import io.proteus.spi.decision.ClusterStatus;
import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionContext;
import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.decision.DecisionPoint;
import io.proteus.spi.decision.Implementations;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.Placement;

/**
 * An example join decision for clusters whose workers are short of memory: once the observed build side of a join has
 * at least a threshold of rows, it is not held in a hash table at all but sorted and merged across every slot of the
 * cluster. Smaller joins are left to the built-in join node ({@link #appliesTo} answers false for them).
 */
public final class MergeLargeJoinsNode implements DecisionNode {

    private final long thresholdRows;

    public MergeLargeJoinsNode(long thresholdRows) {
        if (thresholdRows < 0) {
            throw new IllegalArgumentException("the threshold must not be negative");
        }
        this.thresholdRows = thresholdRows;
    }

    @Override
    public String name() {
        return "example.merge-large-joins";
    }

    @Override
    public DecisionPoint point() {
        return DecisionPoint.JOIN;
    }

    @Override
    public boolean appliesTo(DecisionContext context) {
        return context.point() == DecisionPoint.JOIN
                && context.candidates().contains(Implementations.SHUFFLE_MERGE_JOIN)
                && !context.inputs().isEmpty()
                && context.input(0).observed()
                && context.input(0).rows() >= thresholdRows;
    }

    @Override
    public Decision decide(DecisionContext context) {
        InputObservation build = context.input(0);
        ClusterStatus cluster = context.cluster();
        int instances = Math.max(1, cluster.totalSlots());
        return Decision.of(Implementations.SHUFFLE_MERGE_JOIN, instances, Placement.ROUND_ROBIN,
                "example plugin: the build side has " + build.rows() + " rows, at least the plugin's threshold of "
                        + thresholdRows + ", so it is sorted and merged over all " + instances + " slots instead of hashed");
    }
}
