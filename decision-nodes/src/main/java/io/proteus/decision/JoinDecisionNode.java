package io.proteus.decision;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionContext;
import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.decision.DecisionPoint;
import io.proteus.spi.decision.Implementations;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.Placement;
import java.util.Locale;

/**
 * Chooses a join's implementation once its build side has run. Input 0 is the build side (observed), input 1 the
 * probe side (estimated unless it ran too). Under {@code static-hash} it always broadcasts, under {@code static-merge}
 * it always shuffles and merges (both with instances proportional to size); under {@code dynamic} it broadcasts a
 * build side that is small in absolute terms, or under the size limit and small enough that its copies for every probe
 * instance (one per slot: more on larger clusters) weigh less than the probe side a shuffle would move, and otherwise
 * shuffles both sides, merging instead of hashing when a build partition would be too large for a hash table. Under the
 * cost objective it broadcasts up to twice the size limit, since Fig. 4(b) shows hash join cheaper in resource-time.
 */
public final class JoinDecisionNode implements DecisionNode {

    private final DecisionThresholds thresholds;

    public JoinDecisionNode(DecisionThresholds thresholds) {
        this.thresholds = requireNonNull(thresholds, "thresholds");
    }

    @Override
    public String name() {
        return "proteus.join";
    }

    @Override
    public DecisionPoint point() {
        return DecisionPoint.JOIN;
    }

    @Override
    public Decision decide(DecisionContext context) {
        InputObservation build = context.input(0);
        InputObservation probe = context.input(1);
        int maximum = Instances.maximum(context.cluster());
        // Saturating: an estimated side may be Long.MAX_VALUE bytes, and a wrapped sum would ask for one instance.
        long total = build.bytes() > Long.MAX_VALUE - probe.bytes() ? Long.MAX_VALUE : build.bytes() + probe.bytes();
        int shuffleInstances = Instances.forVolume(total, thresholds.bytesPerInstance(), maximum);
        boolean broadcastAllowed = context.candidates().contains(Implementations.BROADCAST_HASH_JOIN);
        switch (context.strategy()) {
            case STATIC_HASH -> {
                if (broadcastAllowed) {
                    return Decision.of(Implementations.BROADCAST_HASH_JOIN, shuffleInstances, Placement.ROUND_ROBIN,
                            "static-hash strategy: always hash join (build side " + Instances.megabytes(build.bytes()) + ")");
                }
                return Decision.of(Implementations.SHUFFLE_HASH_JOIN, shuffleInstances, Placement.ROUND_ROBIN,
                        "static-hash strategy: hash join; this join type cannot broadcast its build side");
            }
            case STATIC_MERGE -> {
                return Decision.of(Implementations.SHUFFLE_MERGE_JOIN, shuffleInstances, Placement.ROUND_ROBIN,
                        "static-merge strategy: always sort-merge join over " + shuffleInstances + " instances");
            }
            case DYNAMIC -> {
                return dynamic(context, build, probe, shuffleInstances, broadcastAllowed);
            }
            default -> throw new IllegalStateException("unknown strategy " + context.strategy());
        }
    }

    private Decision dynamic(DecisionContext context, InputObservation build, InputObservation probe, int shuffleInstances,
            boolean broadcastAllowed) {
        boolean costObjective = context.objective() == io.proteus.spi.decision.Objective.COST;
        long broadcastLimit = costObjective ? thresholds.broadcastMaxBytes() * 2 : thresholds.broadcastMaxBytes();
        // A broadcast build side is read (and hashed) by every probe instance, up to one per slot: its extra copies
        // against the probe side, which a shuffle join would partition and move once more instead.
        int readers = Instances.maximum(context.cluster());
        double copies = (double) build.bytes() * (readers - 1);
        boolean cheaperThanShuffle = copies <= probe.bytes();
        String sizes = "build side " + Instances.megabytes(build.bytes()) + " (" + build.rows() + " rows), probe side "
                + (probe.observed() ? "" : "~") + Instances.megabytes(probe.bytes());
        if (broadcastAllowed && build.bytes() <= thresholds.broadcastAlwaysBytes()) {
            return Decision.of(Implementations.BROADCAST_HASH_JOIN, shuffleInstances, Placement.ROUND_ROBIN,
                    sizes + ": build side under " + Instances.megabytes(thresholds.broadcastAlwaysBytes())
                            + ", so broadcasting it costs less than shuffling the probe side");
        }
        if (broadcastAllowed && build.bytes() <= broadcastLimit && cheaperThanShuffle) {
            return Decision.of(Implementations.BROADCAST_HASH_JOIN, shuffleInstances, Placement.ROUND_ROBIN,
                    sizes + ": build side under " + Instances.megabytes(broadcastLimit) + ", and its " + (readers - 1)
                            + " extra copies (" + readers + " slots on " + context.cluster().workerCount()
                            + " workers) weigh " + Instances.megabytes((long) copies)
                            + ", less than the probe side a shuffle would move, so broadcasting is cheaper");
        }
        Placement placement = Instances.placementFor(build, thresholds);
        long buildPerInstance = build.bytes() / shuffleInstances;
        String why = !broadcastAllowed ? "this join type keeps every build row, so it cannot broadcast"
                : build.bytes() > broadcastLimit ? "too large to broadcast"
                : "broadcasting it to " + readers + " slots would copy " + Instances.megabytes((long) copies)
                        + ", more than the probe side a shuffle moves";
        if (buildPerInstance >= thresholds.mergeJoinMinBytesPerInstance()) {
            return Decision.of(Implementations.SHUFFLE_MERGE_JOIN, shuffleInstances, placement,
                    sizes + ": " + why + ", and " + Instances.megabytes(buildPerInstance)
                            + " of build side per instance is too much for a hash table; sort-merge over "
                            + shuffleInstances + " instances (" + placement + ")");
        }
        return Decision.of(Implementations.SHUFFLE_HASH_JOIN, shuffleInstances, placement,
                sizes + ": " + why + "; shuffle both sides over " + shuffleInstances + " hash join instances ("
                        + placement + (placement == Placement.PACK
                                ? String.format(Locale.ROOT, ", skew %.2f", build.skew()) : "") + ")");
    }
}
