package io.proteus.server.tpcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    private static final ResultCheck MATCH = new ResultCheck(ResultCheck.Verdict.MATCH, "answer", "");
    private static final TpcdsScale SF1 = new TpcdsScale("sf1");

    @Test
    void medianOfOddAndEvenNumbersOfRuns() {
        assertThat(EngineResult.measured("proteus", List.of(seconds(3), seconds(1), seconds(2))).medianSeconds())
                .hasValue(2.0);
        assertThat(EngineResult.measured("proteus", List.of(seconds(4), seconds(1), seconds(2), seconds(10))).medianSeconds())
                .hasValue(3.0);
        assertThat(EngineResult.measured("proteus", List.of(Duration.ofMillis(250))).medianSeconds()).hasValue(0.25);
        assertThat(EngineResult.failed("proteus", "Not supported yet").medianSeconds()).isEmpty();
        assertThat(EngineResult.measured("proteus", List.of()).medianSeconds()).isEmpty();
    }

    @Test
    void csvHasOneLinePerQueryAndEngineAndEmptyMediansForFailures(@TempDir Path directory) throws Exception {
        BenchmarkReport report = new BenchmarkReport(SF1, 3, List.of(
                query("03", 1.5, 0.25, MATCH),
                failedOnProteus("05", 0.5)));
        Path file = directory.resolve("tpcds.csv");
        report.writeCsv(file);
        assertThat(Files.readAllLines(file)).containsExactly(
                "query,engine,median_seconds",
                "03,proteus,1.500000",
                "03,duckdb,0.250000",
                "05,proteus,",
                "05,duckdb,0.500000");
    }

    @Test
    void ratioSumsMediansOverQueriesBothEnginesRanRight() {
        ResultCheck mismatch = new ResultCheck(ResultCheck.Verdict.MISMATCH, "answer", "expected 1 row, got 2");
        BenchmarkReport report = new BenchmarkReport(SF1, 3, List.of(
                query("03", 2.0, 0.5, MATCH),
                query("42", 1.0, 0.5, ResultCheck.unchecked()),
                failedOnProteus("05", 7.0),
                query("07", 9.0, 0.1, mismatch),
                new QueryBenchmark("08", EngineResult.measured("proteus", List.of(seconds(4))),
                        EngineResult.failed("duckdb", "Binder Error"), MATCH, ResultCheck.unchecked())));
        BenchmarkReport.Ratio ratio = report.ratio();
        assertThat(ratio.compared()).containsExactly("03", "42");
        assertThat(ratio.proteusSeconds()).isEqualTo(3.0);
        assertThat(ratio.duckdbSeconds()).isEqualTo(1.0);
        assertThat(ratio.value()).hasValue(3.0);
        assertThat(ratio.failedOnProteus()).containsExactly("05");
        assertThat(ratio.wrongOnProteus()).containsExactly("07");
        assertThat(ratio.failedOnDuckdb()).containsExactly("08");
        assertThat(ratio.lines()).containsExactly(
                "Proteus/DuckDB total ratio: 3.00x (3.000s / 1.000s, sums of medians over 2 queries both engines ran)",
                "Excluded from the ratio, failed on Proteus (1): 05",
                "Excluded from the ratio, wrong result on Proteus (1): 07",
                "Excluded from the ratio, failed on DuckDB (1): 08");
    }

    @Test
    void noRatioWhenNoQueryRanOnBothEngines() {
        BenchmarkReport report = new BenchmarkReport(SF1, 1, List.of(failedOnProteus("01", 1.0)));
        assertThat(report.ratio().value()).isEmpty();
        assertThat(report.ratio().lines()).first().isEqualTo("Proteus/DuckDB total ratio: none (no query ran on both engines)");
    }

    @Test
    void chartIsWrittenAsPng(@TempDir Path directory) throws Exception {
        BenchmarkReport report = new BenchmarkReport(SF1, 3, List.of(
                query("03", 2.0, 0.005, MATCH), query("42", 1.0, 0.5, MATCH), failedOnProteus("05", 7.0)));
        Path file = directory.resolve("tpcds.png");
        BenchmarkChart.writePng(report, file);
        assertPng(file);
        Path empty = directory.resolve("empty.png");
        BenchmarkChart.writePng(new BenchmarkReport(SF1, 1, List.of(failedOnProteus("05", 7.0))), empty);
        assertPng(empty);
    }

    @Test
    void queryLineShowsBothEnginesTheRatioAndTheCheck() {
        assertThat(query("03", 1.5, 0.25, MATCH).line())
                .isEqualTo("03  proteus 1.500s  duckdb 0.250s  6.00x  proteus matches answer");
        assertThat(failedOnProteus("05", 0.5).line())
                .isEqualTo("05  proteus ERROR (Not supported yet: ROLLUP)  duckdb 0.500s");
    }

    static void assertPng(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static QueryBenchmark query(String name, double proteusSeconds, double duckdbSeconds, ResultCheck check) {
        return new QueryBenchmark(name,
                EngineResult.measured("proteus", List.of(Duration.ofNanos((long) (proteusSeconds * 1e9)))),
                EngineResult.measured("duckdb", List.of(Duration.ofNanos((long) (duckdbSeconds * 1e9)))),
                check, ResultCheck.unchecked());
    }

    private static QueryBenchmark failedOnProteus(String name, double duckdbSeconds) {
        return new QueryBenchmark(name, EngineResult.failed("proteus", "Not supported yet: ROLLUP"),
                EngineResult.measured("duckdb", List.of(Duration.ofNanos((long) (duckdbSeconds * 1e9)))),
                ResultCheck.unchecked(), ResultCheck.unchecked());
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
