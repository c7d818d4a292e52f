package io.proteus.server.query;

import io.proteus.server.control.Priority;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Admission control of the whole cluster: at most {@code maxRunning} queries run at once; further queries wait in a
 * queue (state QUEUED) instead of failing, and start as running ones finish: interactive queries before batch queries
 * before background ones, and in order of arrival within a priority. A queued query leaves the queue when it is
 * cancelled or its client goes away. Thread-safe.
 */
final class QueryAdmission {

    private static final long CLIENT_CHECK_MILLIS = 200;

    private final int maxRunning;
    /** Waiting queries, the next to start first. */
    private final TreeSet<Waiting> queue = new TreeSet<>(Comparator.comparing(Waiting::priority).reversed()
            .thenComparingLong(Waiting::arrival));
    private long arrivals;
    private final Set<String> cancelled = new HashSet<>();
    private int running;
    private long waited;

    QueryAdmission(int maxRunning) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("at least one query must be allowed to run");
        }
        this.maxRunning = maxRunning;
    }

    /**
     * Waits until the query may run, then counts it as running; the caller must call {@link #leave()} when it ends.
     *
     * @param clientGone polled while waiting; when true the query leaves the queue, cancelled
     * @throws ProteusSqlException CANCELLED if the query was cancelled or its client went away while queued
     */
    synchronized void enter(String queryId, BooleanSupplier clientGone) {
        enter(queryId, Priority.INTERACTIVE, clientGone);
    }

    /** As {@link #enter(String, BooleanSupplier)}, queued behind the waiting queries of the same or a higher priority. */
    synchronized void enter(String queryId, Priority priority, BooleanSupplier clientGone) {
        Waiting waiting = new Waiting(queryId, priority, arrivals++);
        queue.add(waiting);
        boolean counted = false;
        try {
            while (!(queue.first().equals(waiting) && running < maxRunning)) {
                if (cancelled.contains(queryId) || clientGone.getAsBoolean()) {
                    throw new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was cancelled while queued");
                }
                if (!counted) {
                    waited++;
                    counted = true;
                }
                wait(CLIENT_CHECK_MILLIS);
            }
            if (cancelled.contains(queryId)) {
                throw new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was cancelled while queued");
            }
            running++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was interrupted while queued");
        } finally {
            queue.remove(waiting);
            cancelled.remove(queryId);
            notifyAll();
        }
    }

    /** A running query ended; the head of the queue may start. */
    synchronized void leave() {
        running--;
        notifyAll();
    }

    /** Cancels a queued query; returns false if it is not queued. */
    synchronized boolean cancel(String queryId) {
        if (queue.stream().noneMatch(waiting -> waiting.queryId().equals(queryId))) {
            return false;
        }
        cancelled.add(queryId);
        notifyAll();
        return true;
    }

    synchronized int queued() {
        return queue.size();
    }

    /** How many queries had to wait in the queue since the start. */
    synchronized long waitedSoFar() {
        return waited;
    }

    synchronized int running() {
        return running;
    }

    private record Waiting(String queryId, Priority priority, long arrival) {
    }
}
