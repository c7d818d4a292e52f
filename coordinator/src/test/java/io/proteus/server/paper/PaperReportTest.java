package io.proteus.server.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV files, the summary, DYN's comparison with the best static strategy, and the plots of a paper report. */
class PaperReportTest {

    private static final List<PaperResult> FIG4 = List.of(
            new PaperResult("size", "2.5", "static-hash", 0.5, 1.25),
            new PaperResult("size", "2.5", "static-merge", 0.75, 2.0),
            new PaperResult("workers-1", "10", "static-hash", 0.6, 0.6),
            new PaperResult("workers-1", "10", "static-merge", 0.9, 0.9),
            new PaperResult("placement-pareto", "25", "round-robin", 1.5, 3.0),
            new PaperResult("placement-pareto", "25", "pack", 1.25, 2.5));

    private static List<PaperResult> fig7(double dynamicAtOne) {
        return List.of(
                new PaperResult("tpcds", "0.1", "static-merge", 1.0, 2.0),
                new PaperResult("tpcds", "0.1", "static-hash", 0.8, 1.5),
                new PaperResult("tpcds", "0.1", "dynamic", 0.7, 1.4),
                new PaperResult("tpcds", "1", "static-merge", 4.0, 14.0),
                new PaperResult("tpcds", "1", "static-hash", 5.0, 12.0),
                new PaperResult("tpcds", "1", "dynamic", dynamicAtOne, 12.5));
    }

    @Test
    void csvFilesHaveTheFourColumnsAndFig4ItsPanel(@TempDir Path directory) throws Exception {
        PaperReport report = new PaperReport(FIG4, fig7(4.1), 3);
        report.writeCsv(directory);
        List<String> fig4 = Files.readAllLines(directory.resolve("fig4.csv"), StandardCharsets.UTF_8);
        assertThat(fig4).hasSize(7);
        assertThat(fig4.getFirst()).isEqualTo("experiment,data_size,strategy,seconds,cost");
        assertThat(fig4.get(1)).isEqualTo("size,2.5,static-hash,0.500000,1.250000");
        assertThat(fig4.get(6)).isEqualTo("placement-pareto,25,pack,1.250000,2.500000");
        List<String> fig7 = Files.readAllLines(directory.resolve("fig7.csv"), StandardCharsets.UTF_8);
        assertThat(fig7).hasSize(7);
        assertThat(fig7.getFirst()).isEqualTo("data_size,strategy,seconds,cost");
        assertThat(fig7.get(6)).isEqualTo("1,dynamic,4.100000,12.500000");
    }

    @Test
    void summaryHasOneLinePerPoint() {
        List<String> lines = new PaperReport(FIG4, fig7(4.1), 3).summaryLines();
        assertThat(lines).hasSize(1 + 6 + 6);
        assertThat(lines.getFirst()).startsWith("figure experiment").contains("data_size").contains("slot-sec");
        assertThat(lines.get(1)).matches("fig4 +size +2\\.5 +static-hash +0\\.500s +1\\.250");
        assertThat(lines.getLast()).matches("fig7 +tpcds +1 +dynamic +4\\.100s +12\\.500");
    }

    @Test
    void dynamicIsComparedWithTheFasterStaticStrategyPerSize() {
        PaperReport within = new PaperReport(FIG4, fig7(4.1), 3);
        List<PaperReport.DynamicComparison> comparisons = within.dynamicComparisons();
        assertThat(comparisons).extracting(PaperReport.DynamicComparison::bestStatic).containsExactly("static-hash", "static-merge");
        assertThat(comparisons.get(0).percent()).isCloseTo(-12.5, offset(1e-9));
        assertThat(comparisons.get(1).percent()).isCloseTo(2.5, offset(1e-9));
        assertThat(within.dynamicWithinTolerance()).isTrue();
        assertThat(within.comparisonLines()).containsExactly(
                "sf 0.1: DYN 0.700s vs best static (static-hash) 0.800s: -12.5% (within 5%)",
                "sf 1: DYN 4.100s vs best static (static-merge) 4.000s: +2.5% (within 5%)",
                "DYN within 5% of the best static strategy at all sizes: yes");

        PaperReport slower = new PaperReport(FIG4, fig7(4.3), 3);
        assertThat(slower.dynamicWithinTolerance()).isFalse();
        assertThat(slower.comparisonLines()).contains(
                "sf 1: DYN 4.300s vs best static (static-merge) 4.000s: +7.5% (more than 5% slower)",
                "DYN within 5% of the best static strategy at all sizes: no");
        assertThat(new PaperReport(FIG4, List.of(), 1).comparisonLines())
                .containsExactly("DYN vs best static: no size with all three strategies");
    }

    @Test
    void mediansAndLabels() {
        assertThat(PaperBenchmark.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(PaperBenchmark.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThatThrownBy(() -> PaperBenchmark.median(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(PaperBenchmark.megabytesLabel(2.5)).isEqualTo("2.5");
        assertThat(PaperBenchmark.megabytesLabel(10.0)).isEqualTo("10");
        assertThat(PaperBenchmark.megabytesLabel(0.1)).isEqualTo("0.1");
    }

    @Test
    void plotsArePngFiles(@TempDir Path directory) throws Exception {
        PaperReport report = new PaperReport(FIG4, fig7(4.1), 3);
        PaperCharts.writeFig4(report, directory.resolve("fig4.png"));
        PaperCharts.writeFig7(report, directory.resolve("fig7.png"));
        for (String name : List.of("fig4.png", "fig7.png")) {
            byte[] png = Files.readAllBytes(directory.resolve(name));
            assertThat(png.length).isGreaterThan(1000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }
}
