package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

import io.proteus.server.execution.DecisionRecord;
import io.proteus.server.execution.StageRecord;
import io.proteus.server.execution.WorkflowGraph;
import java.time.Instant;
import java.util.List;

/**
 * The runtime information Proteus returns with every query: what each decision node observed and chose, what each stage
 * cost, and the query's totals (slot-seconds are its cost, bytes shuffled what it moved between workers); also who ran
 * it at which priority (with the session's strategy and objective), and its decision workflow as a graph (null for statements without one, such as EXPLAIN).
 */
public record QueryInfo(String queryId, String sessionId, String user, String priority, String sql, QueryState state,
        String strategy, String objective, Instant started, Instant finished, double planningSeconds, double elapsedSeconds,
        long resultRows, double slotSeconds, long bytesShuffled, long bytesSharedLocally, String error,
        List<DecisionRecord> decisions, List<StageRecord> stages, WorkflowGraph workflow) {

    public QueryInfo {
        requireNonNull(queryId, "queryId");
        requireNonNull(user, "user");
        requireNonNull(sql, "sql");
        requireNonNull(state, "state");
        decisions = List.copyOf(decisions);
        stages = List.copyOf(stages);
    }

    /** This information with the decisions and stages of a query still running, and its elapsed time so far. */
    public QueryInfo withProgress(List<DecisionRecord> currentDecisions, List<StageRecord> currentStages, double elapsed) {
        return new QueryInfo(queryId, sessionId, user, priority, sql, state, strategy, objective, started, finished,
                planningSeconds, elapsed, resultRows, currentStages.stream().mapToDouble(StageRecord::slotSeconds).sum(),
                currentStages.stream().mapToLong(StageRecord::bytesFetchedRemotely).sum(),
                currentStages.stream().mapToLong(StageRecord::bytesSharedLocally).sum(), error, currentDecisions,
                currentStages, workflow);
    }
}
