package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The results of {@code bench paper}: the points of Fig. 4 and Fig. 7 as CSV, a summary table, and the comparison of
 * DYN with the best static strategy at each Fig. 7 size.
 *
 * @param fig4 the Fig. 4 points, in the order they were measured
 * @param fig7 the Fig. 7 points, in the order they were measured
 * @param runs the measured runs per point (after a warm-up run)
 */
public record PaperReport(List<PaperResult> fig4, List<PaperResult> fig7, int runs) {

    /** The header of {@code fig4.csv}: the panel, then the four columns of every figure. */
    public static final String FIG4_HEADER = "experiment,data_size,strategy,seconds,cost";

    /** The header of {@code fig7.csv}. */
    public static final String FIG7_HEADER = "data_size,strategy,seconds,cost";

    /** How much slower than the best static strategy DYN may be, as in the paper: 5%. */
    public static final double DYNAMIC_TOLERANCE = 0.05;

    /** The strategies of Fig. 7 and how the paper names them. */
    public static final List<String> FIG7_STRATEGIES = List.of("static-merge", "static-hash", "dynamic");

    public PaperReport {
        fig4 = List.copyOf(fig4);
        fig7 = List.copyOf(fig7);
    }

    /** The content of {@code fig4.csv}. */
    public String fig4Csv() {
        StringBuilder csv = new StringBuilder(FIG4_HEADER).append('\n');
        for (PaperResult result : fig4) {
            csv.append(result.experiment()).append(',');
            appendColumns(csv, result);
        }
        return csv.toString();
    }

    /** The content of {@code fig7.csv}. */
    public String fig7Csv() {
        StringBuilder csv = new StringBuilder(FIG7_HEADER).append('\n');
        fig7.forEach(result -> appendColumns(csv, result));
        return csv.toString();
    }

    private static void appendColumns(StringBuilder csv, PaperResult result) {
        csv.append(result.dataSize()).append(',').append(result.strategy()).append(',')
                .append(String.format(Locale.ROOT, "%.6f,%.6f", result.seconds(), result.cost())).append('\n');
    }

    /** Writes {@code fig4.csv} and {@code fig7.csv} into a directory. */
    public void writeCsv(Path directory) throws IOException {
        requireNonNull(directory, "directory");
        Files.writeString(directory.resolve("fig4.csv"), fig4Csv(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("fig7.csv"), fig7Csv(), StandardCharsets.UTF_8);
    }

    /** The summary table of every point: figure, panel, data size, configuration, median seconds and cost. */
    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-6s %-18s %9s  %-13s %10s %12s", "figure", "experiment", "data_size",
                "strategy", "seconds", "slot-sec"));
        fig4.forEach(result -> lines.add(summaryLine("fig4", result)));
        fig7.forEach(result -> lines.add(summaryLine("fig7", result)));
        return lines;
    }

    private static String summaryLine(String figure, PaperResult result) {
        return String.format(Locale.ROOT, "%-6s %-18s %9s  %-13s %9.3fs %12.3f", figure, result.experiment(),
                result.dataSize(), result.strategy(), result.seconds(), result.cost());
    }

    /** DYN against the best static strategy at each Fig. 7 size that has all three strategies, in measured order. */
    public List<DynamicComparison> dynamicComparisons() {
        Set<String> sizes = new LinkedHashSet<>();
        fig7.forEach(result -> sizes.add(result.dataSize()));
        List<DynamicComparison> comparisons = new ArrayList<>();
        for (String size : sizes) {
            Optional<PaperResult> merge = fig7Result(size, "static-merge");
            Optional<PaperResult> hash = fig7Result(size, "static-hash");
            Optional<PaperResult> dynamic = fig7Result(size, "dynamic");
            if (merge.isPresent() && hash.isPresent() && dynamic.isPresent()) {
                PaperResult best = merge.get().seconds() <= hash.get().seconds() ? merge.get() : hash.get();
                comparisons.add(new DynamicComparison(size, dynamic.get().seconds(), best.strategy(), best.seconds()));
            }
        }
        return comparisons;
    }

    private Optional<PaperResult> fig7Result(String size, String strategy) {
        return fig7.stream().filter(result -> result.dataSize().equals(size) && result.strategy().equals(strategy)).findFirst();
    }

    /** Whether DYN is within {@link #DYNAMIC_TOLERANCE} of the best static strategy at every compared size. */
    public boolean dynamicWithinTolerance() {
        List<DynamicComparison> comparisons = dynamicComparisons();
        return !comparisons.isEmpty() && comparisons.stream().allMatch(DynamicComparison::withinTolerance);
    }

    /** The lines comparing DYN with the best static strategy per size, and the verdict over all sizes. */
    public List<String> comparisonLines() {
        List<String> lines = new ArrayList<>();
        for (DynamicComparison comparison : dynamicComparisons()) {
            lines.add(comparison.line());
        }
        lines.add(dynamicComparisons().isEmpty()
                ? "DYN vs best static: no size with all three strategies"
                : "DYN within 5% of the best static strategy at all sizes: " + (dynamicWithinTolerance() ? "yes" : "no"));
        return lines;
    }

    /**
     * DYN against the best static strategy at one size.
     *
     * @param dataSize the TPC-DS scale factor
     * @param dynamicSeconds DYN's median time
     * @param bestStatic the faster of {@code static-merge} and {@code static-hash}
     * @param bestStaticSeconds its median time
     */
    public record DynamicComparison(String dataSize, double dynamicSeconds, String bestStatic, double bestStaticSeconds) {

        public DynamicComparison {
            requireNonNull(dataSize, "dataSize");
            requireNonNull(bestStatic, "bestStatic");
        }

        /** DYN's time relative to the best static one, in percent: negative when DYN is faster. */
        public double percent() {
            return bestStaticSeconds <= 0 ? 0 : (dynamicSeconds - bestStaticSeconds) / bestStaticSeconds * 100;
        }

        /** Whether DYN is no slower than the best static strategy by more than {@link #DYNAMIC_TOLERANCE}. */
        public boolean withinTolerance() {
            return dynamicSeconds <= bestStaticSeconds * (1 + DYNAMIC_TOLERANCE);
        }

        /** For example {@code sf 0.5: DYN 1.234s vs best static (static-hash) 1.300s: -5.1% (within 5%)}. */
        public String line() {
            return String.format(Locale.ROOT, "sf %s: DYN %.3fs vs best static (%s) %.3fs: %+.1f%% (%s)", dataSize,
                    dynamicSeconds, bestStatic, bestStaticSeconds, percent(),
                    withinTolerance() ? "within 5%" : "more than 5% slower");
        }
    }
}
