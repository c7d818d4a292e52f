package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import io.proteus.server.query.QueryState;
import java.time.Instant;

/**
 * One entry of the query history ({@code GET /v1/query}).
 *
 * @param queryId the query id
 * @param user who ran it
 * @param state its state
 * @param sql the statement
 * @param started when it was submitted or started
 * @param elapsedSeconds how long it ran (so far)
 * @param resultRows rows it returned
 * @param slotSeconds its cost in slot-seconds
 * @param error the error message, if it failed
 */
public record QuerySummary(String queryId, String user, QueryState state, String sql, Instant started,
        double elapsedSeconds, long resultRows, double slotSeconds, String error) {

    public QuerySummary {
        requireNonNull(queryId, "queryId");
        requireNonNull(user, "user");
        requireNonNull(state, "state");
        requireNonNull(sql, "sql");
        requireNonNull(started, "started");
    }
}
