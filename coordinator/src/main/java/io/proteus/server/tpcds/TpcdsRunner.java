package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.AnswerComparison;
import io.proteus.tpcds.TpcdsQueries;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs TPC-DS queries through JDBC, one after the other, and checks each result against the answer shipped for its
 * scale ({@link TpcdsQueries#answerLines}); where there is none the query only has to run without error.
 */
public final class TpcdsRunner {

    private final QueryRunner queryRunner;

    public TpcdsRunner(QueryRunner queryRunner) {
        this.queryRunner = requireNonNull(queryRunner, "queryRunner");
    }

    /**
     * Runs the selected queries on a connection whose default schema is the scale's, printing one line per query to
     * the display as it finishes.
     */
    public RunSummary run(Connection connection, TpcdsScale scale, QuerySelection selection, ProgressDisplay display) {
        requireNonNull(connection, "connection");
        requireNonNull(scale, "scale");
        requireNonNull(selection, "selection");
        requireNonNull(display, "display");
        long start = System.nanoTime();
        List<QueryOutcome> outcomes = new ArrayList<>();
        for (String query : selection.queries()) {
            display.working("query " + query);
            QueryRun run = queryRunner.run(connection, QueryRunner.statementText(query));
            QueryOutcome outcome = verdict(query, run, TpcdsQueries.answerLines(scale.schema(), query));
            outcomes.add(outcome);
            display.println(outcome.line());
            display.step();
        }
        return new RunSummary(outcomes, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Returns the verdict on a query run: {@code ERROR} if it failed, else {@code PASS} or {@code FAIL} by comparison
     * with the answer, or {@code RAN} when there is no answer.
     *
     * @param answerLines the expected answer with its header line, if there is one
     */
    public static QueryOutcome verdict(String query, QueryRun run, Optional<List<String>> answerLines) {
        requireNonNull(query, "query");
        requireNonNull(run, "run");
        requireNonNull(answerLines, "answerLines");
        return switch (run) {
            case QueryRun.Failed failed -> new QueryOutcome(query, QueryStatus.ERROR, failed.elapsed(), -1, failed.message());
            case QueryRun.Completed completed when answerLines.isEmpty() ->
                    new QueryOutcome(query, QueryStatus.RAN, completed.elapsed(), completed.rows().size(), "");
            case QueryRun.Completed completed -> {
                Optional<String> difference =
                        AnswerComparison.difference(AnswerComparison.answerRows(answerLines.get()), completed.rows());
                yield new QueryOutcome(query, difference.isPresent() ? QueryStatus.FAIL : QueryStatus.PASS,
                        completed.elapsed(), completed.rows().size(), difference.orElse(""));
            }
        };
    }
}
