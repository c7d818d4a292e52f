package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.AnswerComparison;
import io.proteus.tpcds.TpcdsQueries;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs queries through JDBC, reads every row of their results and times them, with a time limit per query: when a
 * query runs longer it is cancelled ({@link Statement#setQueryTimeout} and, because a driver may apply that to the
 * start of a query only, {@link Statement#cancel} from a watchdog thread) and reported as timed out. Failures are
 * returned, never thrown, so that one query cannot stop a run of many.
 */
public final class QueryRunner implements AutoCloseable {

    private final Duration timeout;
    private final ScheduledExecutorService watchdog;

    /**
     * Creates a runner.
     *
     * @param timeout the longest a query may run, or {@link Duration#ZERO} for no limit
     */
    public QueryRunner(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The query timeout must not be negative: " + timeout);
        }
        this.timeout = timeout;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("proteus-query-watchdog")
                .daemon(true)
                .factory());
    }

    /** Returns the text of a TPC-DS query as one statement: without surrounding white space and final semicolon. */
    public static String statementText(String queryName) {
        String sql = TpcdsQueries.query(queryName).strip();
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1).strip() : sql;
    }

    /** Runs a query and reads all its rows; never throws for a failure of the query. */
    public QueryRun run(Connection connection, String sql) {
        requireNonNull(connection, "connection");
        requireNonNull(sql, "sql");
        AtomicBoolean cancelled = new AtomicBoolean();
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            ScheduledFuture<?> cancellation = null;
            if (timeout.isPositive()) {
                setQueryTimeout(statement);
                cancellation = watchdog.schedule(() -> {
                    cancelled.set(true);
                    cancel(statement);
                }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                List<String> rows = AnswerComparison.readRows(resultSet);
                return new QueryRun.Completed(rows, elapsedSince(start));
            } finally {
                if (cancellation != null) {
                    cancellation.cancel(false);
                }
            }
        } catch (SQLException | RuntimeException e) {
            Duration elapsed = elapsedSince(start);
            boolean timedOut = cancelled.get() || e instanceof SQLTimeoutException
                    || (timeout.isPositive() && elapsed.compareTo(timeout) >= 0);
            if (timedOut) {
                return new QueryRun.Failed("timed out after " + Formatting.limit(timeout) + " and was cancelled", true, elapsed);
            }
            return new QueryRun.Failed(firstLine(e), false, elapsed);
        }
    }

    /** Returns the first line of an exception's message, or its class name when it has no message. */
    static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getName();
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private void setQueryTimeout(Statement statement) {
        try {
            statement.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
        } catch (SQLException e) {
            // The driver has no time limit of its own: the watchdog cancels the query.
        }
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            // The query may just have ended; if not, it fails or ends by itself.
        }
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
