package io.proteus.server.query;

import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Admission control of the whole cluster: at most {@code maxRunning} queries run at once; further queries wait in a
 * first-in, first-out queue (state QUEUED) instead of failing, and start as running ones finish. A queued query leaves
 * the queue when it is cancelled or its client goes away. Thread-safe.
 */
final class QueryAdmission {

    private static final long CLIENT_CHECK_MILLIS = 200;

    private final int maxRunning;
    private final Deque<String> queue = new ArrayDeque<>();
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
        queue.addLast(queryId);
        boolean counted = false;
        try {
            while (!(queue.peekFirst().equals(queryId) && running < maxRunning)) {
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
            queue.remove(queryId);
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
        if (!queue.contains(queryId)) {
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
}
