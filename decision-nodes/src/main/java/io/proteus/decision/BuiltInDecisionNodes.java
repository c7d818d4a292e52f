package io.proteus.decision;

import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.decision.DecisionPoint;
import java.util.List;

/** The decision nodes Proteus ships, one per decision point, configured with one {@link DecisionThresholds}. */
public final class BuiltInDecisionNodes {

    private BuiltInDecisionNodes() {
    }

    public static List<DecisionNode> create(DecisionThresholds thresholds) {
        return List.of(
                new ParallelismDecisionNode(thresholds, DecisionPoint.SCAN),
                new JoinDecisionNode(thresholds),
                new ParallelismDecisionNode(thresholds, DecisionPoint.AGGREGATE),
                new ParallelismDecisionNode(thresholds, DecisionPoint.GATHER),
                new ParallelismDecisionNode(thresholds, DecisionPoint.WINDOW));
    }
}
