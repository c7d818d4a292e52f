package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

import io.proteus.server.execution.DecisionRecord;
import io.proteus.server.execution.StageRecord;
import java.time.Instant;
import java.util.List;

/**
 * The runtime information Proteus returns with every query: what each decision node observed and chose, what each stage
 * cost, and the query's totals (slot-seconds are its cost, bytes shuffled what it moved between workers), with the
 * session settings it ran under (strategy, objective, priority).
 */
public record QueryInfo(String queryId, String sessionId, String sql, QueryState state, String strategy, String objective,
        String priority, Instant started, Instant finished, double planningSeconds, double elapsedSeconds, long resultRows, double slotSeconds,
        long bytesShuffled, long bytesSharedLocally, String error, List<DecisionRecord> decisions, List<StageRecord> stages) {

    public QueryInfo {
        requireNonNull(queryId, "queryId");
        requireNonNull(sql, "sql");
        requireNonNull(state, "state");
        decisions = List.copyOf(decisions);
        stages = List.copyOf(stages);
    }
}
