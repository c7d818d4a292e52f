package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import io.proteus.server.query.QueryState;
import io.proteus.server.query.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A statement submitted over HTTP: its result rows as they arrive (up to a limit), and its own state until the query
 * manager takes over (planning, a planning error, a SET, a cancellation before it ran). Thread-safe.
 */
final class HttpQuery {

    private final String queryId;
    private final Session session;
    private final String sql;
    private final Instant submitted;
    private final int maxRows;
    private final List<List<Object>> rows = new ArrayList<>();
    private List<ResultColumn> columns = List.of();
    private long totalRows;
    private boolean truncated;
    private QueryState state = QueryState.PLANNED;
    private String error;
    private volatile boolean cancelled;
    private Future<?> future;
    private Instant finished;

    HttpQuery(String queryId, Session session, String sql, int maxRows) {
        this.queryId = requireNonNull(queryId, "queryId");
        this.session = requireNonNull(session, "session");
        this.sql = requireNonNull(sql, "sql");
        this.maxRows = maxRows;
        this.submitted = Instant.now();
    }

    String queryId() {
        return queryId;
    }

    Session session() {
        return session;
    }

    String user() {
        return session.user();
    }

    String sql() {
        return sql;
    }

    Instant submitted() {
        return submitted;
    }

    boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    synchronized void setFuture(Future<?> future) {
        this.future = future;
    }

    synchronized Future<?> future() {
        return future;
    }

    synchronized void setColumns(List<ResultColumn> newColumns) {
        columns = List.copyOf(newColumns);
    }

    synchronized void addRows(List<List<Object>> batch) {
        for (List<Object> row : batch) {
            totalRows++;
            if (rows.size() < maxRows) {
                rows.add(row);
            } else {
                truncated = true;
            }
        }
    }

    synchronized void finish(QueryState finalState, String message) {
        state = finalState;
        error = message;
        finished = Instant.now();
    }

    synchronized QueryState state() {
        return state;
    }

    synchronized String error() {
        return error;
    }

    synchronized Instant finished() {
        return finished;
    }

    synchronized List<ResultColumn> columns() {
        return columns;
    }

    synchronized long totalRows() {
        return totalRows;
    }

    synchronized long keptRows() {
        return rows.size();
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** Rows {@code offset} to {@code offset + limit} of those kept. */
    synchronized List<List<Object>> rows(long offset, int limit) {
        if (offset >= rows.size()) {
            return List.of();
        }
        return List.copyOf(rows.subList((int) offset, (int) Math.min(rows.size(), offset + limit)));
    }
}
