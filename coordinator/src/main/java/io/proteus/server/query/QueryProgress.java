package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

/**
 * How far a query has come, for progress displays: its state, seconds since it started, stages finished and running,
 * tasks finished out of those scheduled so far (the workflow decides its stages while it runs, so the totals grow
 * until it ends), the stage running now (null between stages), and result rows sent so far.
 */
public record QueryProgress(String queryId, QueryState state, double elapsedSeconds, int stagesFinished, int stagesRunning,
        int tasksFinished, int tasksScheduled, String runningStage, long resultRows) {

    public QueryProgress {
        requireNonNull(queryId, "queryId");
        requireNonNull(state, "state");
    }

    /** The progress of a query that is planned and waits for its client to read the result. */
    public static QueryProgress planned(String queryId) {
        return new QueryProgress(queryId, QueryState.PLANNED, 0, 0, 0, 0, 0, null, 0);
    }

    /** True once the query finished, failed or was cancelled. */
    public boolean done() {
        return state != QueryState.PLANNED && state != QueryState.QUEUED && state != QueryState.RUNNING;
    }
}
