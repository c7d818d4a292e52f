package io.proteus.sql;

/** What a statement asks for. */
public enum StatementKind {
    /** A query returning rows. */
    QUERY,
    /** {@code EXPLAIN query}: the plan and decision workflow, without running it. */
    EXPLAIN,
    /** {@code EXPLAIN ANALYZE query}: run it and return what was decided and what it cost. */
    EXPLAIN_ANALYZE,
    /** {@code SET name = value} or {@code RESET name}: a session property. */
    SET
}
