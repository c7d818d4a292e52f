package io.proteus.examples.plugin;

import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.decision.DecisionNodeProvider;
import java.util.List;

/** Registers the example's decision node; named in {@code META-INF/services/io.proteus.spi.decision.DecisionNodeProvider}. */
public final class ExampleDecisionNodes implements DecisionNodeProvider {

    /** The build-side row count from which {@link MergeLargeJoinsNode} decides, unless the system property says otherwise. */
    static final long DEFAULT_THRESHOLD_ROWS = 100_000;

    @Override
    public List<DecisionNode> decisionNodes() {
        long threshold = Long.getLong("proteus.example.mergeJoinThresholdRows", DEFAULT_THRESHOLD_ROWS);
        return List.of(new MergeLargeJoinsNode(threshold));
    }
}
