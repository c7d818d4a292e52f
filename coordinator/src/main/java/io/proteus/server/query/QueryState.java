package io.proteus.server.query;

/** Life cycle of a query. */
public enum QueryState {
    PLANNED,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED
}
