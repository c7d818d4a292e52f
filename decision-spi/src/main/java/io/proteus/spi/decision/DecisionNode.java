package io.proteus.spi.decision;

/**
 * A runtime decision of a workflow: given what happened upstream and the cluster, chooses how the next functions run.
 * Implementations must be pure functions of the context (no engine calls), so they can be tested and replayed.
 * Plugins provide them through {@link DecisionNodeProvider}.
 */
public interface DecisionNode {

    /** A unique name, shown in EXPLAIN ANALYZE and the runtime tables. */
    String name();

    /** The decision point this node governs. */
    DecisionPoint point();

    /**
     * Whether this node wants to decide in this context; when several nodes apply to one point, the one registered last
     * (plugins after built-ins) that applies decides.
     */
    default boolean appliesTo(DecisionContext context) {
        return context.point() == point();
    }

    Decision decide(DecisionContext context);
}
