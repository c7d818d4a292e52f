package io.proteus.server.tpcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TpcdsRunnerTest {

    private static final Optional<List<String>> ANSWER = Optional.of(List.of("d_year|sum_agg", "1998|45162.45", "1999|NULL"));

    @Test
    void matchingResultPasses() {
        QueryOutcome outcome = TpcdsRunner.verdict("03", completed("1998|45162.449", "1999|NULL"), ANSWER);
        assertThat(outcome.status()).isEqualTo(QueryStatus.PASS);
        assertThat(outcome.rowCount()).isEqualTo(2);
        assertThat(outcome.detail()).isEmpty();
        assertThat(outcome.line()).isEqualTo("03 PASS     1.250s      2 rows");
    }

    @Test
    void wrongResultFailsWithTheDifference() {
        QueryOutcome outcome = TpcdsRunner.verdict("03", completed("1998|45162.45", "1999|0.00"), ANSWER);
        assertThat(outcome.status()).isEqualTo(QueryStatus.FAIL);
        assertThat(outcome.detail()).isEqualTo("row 2: expected [1999|NULL] got [1999|0.00]");
        QueryOutcome missingRow = TpcdsRunner.verdict("03", completed("1998|45162.45"), ANSWER);
        assertThat(missingRow.status()).isEqualTo(QueryStatus.FAIL);
        assertThat(missingRow.line()).isEqualTo("03 FAIL     1.250s      1 row  expected 2 rows, got 1");
    }

    @Test
    void failedQueryIsAnErrorWithItsMessage() {
        QueryOutcome outcome = TpcdsRunner.verdict("05",
                new QueryRun.Failed("Not supported yet: ROLLUP", false, Duration.ofMillis(40)), ANSWER);
        assertThat(outcome.status()).isEqualTo(QueryStatus.ERROR);
        assertThat(outcome.rowCount()).isEqualTo(-1);
        assertThat(outcome.line()).isEqualTo("05 ERROR    0.040s  Not supported yet: ROLLUP");
    }

    @Test
    void resultWithoutAnswerOnlyHasToRun() {
        QueryOutcome outcome = TpcdsRunner.verdict("03", completed("1998|1"), Optional.empty());
        assertThat(outcome.status()).isEqualTo(QueryStatus.RAN);
        assertThat(outcome.status().failed()).isFalse();
    }

    @Test
    void summaryCountsPassesAndFailures() {
        RunSummary summary = new RunSummary(List.of(
                TpcdsRunner.verdict("03", completed("1998|45162.45", "1999|NULL"), ANSWER),
                TpcdsRunner.verdict("04", completed("1998|45162.45"), ANSWER),
                TpcdsRunner.verdict("05", new QueryRun.Failed("boom", false, Duration.ofMillis(40)), ANSWER)),
                Duration.ofMillis(2540));
        assertThat(summary.passed()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.succeeded()).isFalse();
        assertThat(summary.line()).isEqualTo("1 passed, 2 failed (1 wrong result, 1 error) in 2.540s");

        RunSummary allPassed = new RunSummary(List.of(TpcdsRunner.verdict("03", completed("1998|45162.45", "1999|NULL"), ANSWER)),
                Duration.ofSeconds(1));
        assertThat(allPassed.succeeded()).isTrue();
        assertThat(allPassed.line()).isEqualTo("1 passed, 0 failed in 1.000s");

        RunSummary unchecked = new RunSummary(List.of(TpcdsRunner.verdict("03", completed("1"), Optional.empty())),
                Duration.ofSeconds(1));
        assertThat(unchecked.line()).isEqualTo("1 passed, 0 failed (1 not checked: no answers at this scale) in 1.000s");
    }

    private static QueryRun completed(String... rows) {
        return new QueryRun.Completed(List.of(rows), Duration.ofMillis(1250));
    }
}
