package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import io.proteus.server.execution.StageProgress;
import io.proteus.server.query.QueryInfo;
import io.proteus.server.query.QueryState;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /v1/query/ID}: the query's state, its progress per stage, its columns and one page of its
 * rows, and its runtime information (decisions, stages, workflow graph; null until it runs).
 *
 * @param queryId the query id
 * @param user who submitted it
 * @param sql the statement
 * @param state PLANNED (queued or planning), RUNNING, FINISHED, FAILED or CANCELLED
 * @param error the error message of a failed or cancelled query
 * @param started when it was submitted
 * @param elapsedSeconds time since submission, until it finished
 * @param columns the result columns (empty until planned, and for queries of other clients)
 * @param totalRows rows the query returned so far
 * @param keptRows rows kept for paging (at most the server's per-query limit)
 * @param truncated whether rows beyond the limit were dropped
 * @param offset the index of the first row of this page
 * @param rows this page of rows
 * @param nextOffset the offset of the next page, or null if this page is the last one so far
 * @param progress every stage so far with its tasks finished
 * @param info the runtime information, or null before the query runs
 */
public record QueryView(String queryId, String user, String sql, QueryState state, String error, Instant started,
        double elapsedSeconds, List<ResultColumn> columns, long totalRows, long keptRows, boolean truncated, long offset,
        List<List<Object>> rows, Long nextOffset, List<StageProgress> progress, QueryInfo info) {

    public QueryView {
        requireNonNull(queryId, "queryId");
        requireNonNull(user, "user");
        requireNonNull(sql, "sql");
        requireNonNull(state, "state");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        progress = List.copyOf(progress);
    }
}
