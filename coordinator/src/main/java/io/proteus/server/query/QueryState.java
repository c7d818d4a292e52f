package io.proteus.server.query;

/** Life cycle of a query. */
public enum QueryState {
    PLANNED,
    /** Waiting for the cluster's limit of running queries (admission queue). */
    QUEUED,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED
}
