package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionPoint;

/** One decision taken while a query ran: where, by which node, from what it observed, and what it chose. */
public record DecisionRecord(String queryId, String nodeId, DecisionPoint point, String decisionNode, String observed,
        Decision decision) {

    public DecisionRecord {
        requireNonNull(queryId, "queryId");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(point, "point");
        requireNonNull(decisionNode, "decisionNode");
        requireNonNull(observed, "observed");
        requireNonNull(decision, "decision");
    }
}
