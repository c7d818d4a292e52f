package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/** What running one query through JDBC gave: its rows and time, or why and after how long it failed. */
public sealed interface QueryRun permits QueryRun.Completed, QueryRun.Failed {

    /** The time from sending the query to having read its last row, or to the failure. */
    Duration elapsed();

    /**
     * A query that returned all its rows.
     *
     * @param rows the rows as answer lines (see {@link io.proteus.tpcds.AnswerComparison#readRows})
     * @param elapsed the time to execute the query and read every row
     */
    record Completed(List<String> rows, Duration elapsed) implements QueryRun {
        public Completed {
            rows = List.copyOf(rows);
            requireNonNull(elapsed, "elapsed");
        }
    }

    /**
     * A query that failed or was cancelled.
     *
     * @param message the first line of the error message
     * @param timedOut whether it was cancelled for running longer than the time limit
     * @param elapsed the time until it failed
     */
    record Failed(String message, boolean timedOut, Duration elapsed) implements QueryRun {
        public Failed {
            requireNonNull(message, "message");
            requireNonNull(elapsed, "elapsed");
        }
    }
}
