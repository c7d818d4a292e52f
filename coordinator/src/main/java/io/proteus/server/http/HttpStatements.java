package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import io.proteus.server.query.PreparedQuery;
import io.proteus.server.query.QueryManager;
import io.proteus.server.query.QueryState;
import io.proteus.server.query.ResultSink;
import io.proteus.server.query.Session;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import io.proteus.sql.SessionContext;
import io.proteus.sql.StatementKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs the statements submitted over HTTP through the {@link QueryManager}, the same path as Flight SQL: each is
 * planned and executed on a thread of its own, and its rows are collected (up to a limit per query) for the client to
 * page through. The statements of the last {@value #KEPT_QUERIES} submissions are kept.
 */
final class HttpStatements implements AutoCloseable {

    static final int KEPT_QUERIES = 200;

    private final QueryManager queryManager;
    private final int maxRowsPerQuery;
    private final ExecutorService executor;
    private final Map<String, HttpQuery> queries = new LinkedHashMap<>();

    HttpStatements(QueryManager queryManager, int maxRowsPerQuery) {
        this.queryManager = requireNonNull(queryManager, "queryManager");
        this.maxRowsPerQuery = maxRowsPerQuery;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "proteus-http-query-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Validates and submits a statement; returns at once with the query, which runs in the background. */
    HttpQuery submit(Session session, StatementRequest request) {
        if (request.sql() == null || request.sql().isBlank()) {
            throw new IllegalArgumentException("the statement is empty");
        }
        for (Map.Entry<String, String> property : request.properties().entrySet()) {
            QueryManager.validateProperty(property.getKey(), property.getValue());
        }
        SessionContext context = session.context(blankToNull(request.catalog()), blankToNull(request.schema()),
                request.properties());
        HttpQuery query = new HttpQuery(queryManager.newQueryId(), session, request.sql(), maxRowsPerQuery);
        synchronized (queries) {
            queries.put(query.queryId(), query);
            evict();
        }
        query.setFuture(executor.submit(() -> run(query, context)));
        return query;
    }

    private void evict() {
        var iterator = queries.values().iterator();
        while (queries.size() > KEPT_QUERIES && iterator.hasNext()) {
            HttpQuery oldest = iterator.next();
            if (oldest.finished() != null) {
                iterator.remove();
            } else {
                break;
            }
        }
    }

    private void run(HttpQuery query, SessionContext context) {
        try {
            PreparedQuery prepared = queryManager.prepare(query.sql(), context);
            if (prepared.statement().kind() == StatementKind.SET) {
                queryManager.applySet(prepared, query.session());
                query.finish(QueryState.FINISHED, null);
                return;
            }
            query.setColumns(JsonValues.columns(prepared.resultSchema()));
            if (query.isCancelled()) {
                query.finish(QueryState.CANCELLED, "Query " + query.queryId() + " was cancelled before it ran");
                return;
            }
            queryManager.execute(query.queryId(), prepared, query.session(), new ResultSink() {
                private VectorSchemaRoot root;

                @Override
                public void start(VectorSchemaRoot newRoot) {
                    root = newRoot;
                }

                @Override
                public void batchReady() {
                    query.addRows(JsonValues.rows(root));
                }

                @Override
                public boolean isCancelled() {
                    return query.isCancelled();
                }
            });
            query.finish(QueryState.FINISHED, null);
        } catch (ProteusSqlException e) {
            query.finish(e.error() == QueryError.CANCELLED ? QueryState.CANCELLED : QueryState.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            query.finish(QueryState.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    Optional<HttpQuery> query(String queryId) {
        synchronized (queries) {
            return Optional.ofNullable(queries.get(queryId));
        }
    }

    List<HttpQuery> queries() {
        synchronized (queries) {
            return new ArrayList<>(queries.values());
        }
    }

    /** Cancels a query submitted over HTTP, whether it is still planning or already running. */
    boolean cancel(HttpQuery query) {
        if (query.finished() != null) {
            return false;
        }
        query.cancel();
        queryManager.cancel(query.queryId(), "cancelled by the user");
        return true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void close() {
        queries().forEach(query -> query.cancel());
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
