package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * The verdict on one query of a TPC-DS run.
 *
 * @param query the query name, such as {@code "03"}
 * @param status the verdict
 * @param elapsed the time the query ran, including reading its result
 * @param rowCount the number of rows returned, or -1 when the query failed with an error
 * @param detail the error message or the difference from the answer; empty when there is nothing to say
 */
public record QueryOutcome(String query, QueryStatus status, Duration elapsed, long rowCount, String detail) {

    public QueryOutcome {
        requireNonNull(query, "query");
        requireNonNull(status, "status");
        requireNonNull(elapsed, "elapsed");
        requireNonNull(detail, "detail");
    }

    /** Returns the line printed for this query, such as {@code 03 PASS   0.412s  100 rows}. */
    public String line() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %-5s %9s", query, status,
                Formatting.seconds(elapsed)));
        if (rowCount >= 0) {
            line.append(String.format(Locale.ROOT, " %6d %s", rowCount, rowCount == 1 ? "row" : "rows"));
        }
        if (!detail.isEmpty()) {
            line.append("  ").append(detail);
        }
        return line.toString();
    }
}
