package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a TPC-DS run: the verdict on every query, in the order they ran, and the total time.
 *
 * @param outcomes one per query
 * @param elapsed the time of the whole run
 */
public record RunSummary(List<QueryOutcome> outcomes, Duration elapsed) {

    public RunSummary {
        outcomes = List.copyOf(outcomes);
        requireNonNull(elapsed, "elapsed");
    }

    /** Returns the number of queries that passed, or ran without error where there is no answer to check. */
    public long passed() {
        return outcomes.stream().filter(outcome -> !outcome.status().failed()).count();
    }

    /** Returns the number of queries that failed, with a wrong result or an error. */
    public long failed() {
        return outcomes.stream().filter(outcome -> outcome.status().failed()).count();
    }

    /** Returns the number of queries of a verdict. */
    public long count(QueryStatus status) {
        return outcomes.stream().filter(outcome -> outcome.status() == status).count();
    }

    /** Returns whether every query passed (or ran, when unchecked). */
    public boolean succeeded() {
        return failed() == 0;
    }

    /**
     * Returns the summary line, such as {@code 51 passed, 48 failed (2 wrong results, 46 errors) in 312.512s}.
     * It starts with {@code N passed, M failed} in the form test harnesses read.
     */
    public String line() {
        StringBuilder line = new StringBuilder().append(passed()).append(" passed, ").append(failed()).append(" failed");
        if (failed() > 0) {
            line.append(" (").append(count(QueryStatus.FAIL)).append(count(QueryStatus.FAIL) == 1 ? " wrong result, " : " wrong results, ")
                    .append(count(QueryStatus.ERROR)).append(count(QueryStatus.ERROR) == 1 ? " error)" : " errors)");
        }
        long unchecked = count(QueryStatus.RAN);
        if (unchecked > 0) {
            line.append(" (").append(unchecked).append(" not checked: no answers at this scale)");
        }
        return line.append(" in ").append(Formatting.seconds(elapsed)).toString();
    }
}
