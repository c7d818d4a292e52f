package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The results of a Proteus versus DuckDB benchmark: the per-query medians as CSV and the total ratio.
 *
 * @param scale the TPC-DS scale the queries ran at
 * @param runs the number of measured runs per query and engine
 * @param queries one per query, in the order they ran
 */
public record BenchmarkReport(TpcdsScale scale, int runs, List<QueryBenchmark> queries) {

    /** The header of the CSV file. */
    public static final String CSV_HEADER = "query,engine,median_seconds";

    public BenchmarkReport {
        requireNonNull(scale, "scale");
        queries = List.copyOf(queries);
    }

    /**
     * Writes the CSV file: the header {@value #CSV_HEADER}, then for each query a line for Proteus and one for DuckDB
     * with the median in seconds, left empty where the engine failed the query.
     */
    public void writeCsv(Path file) throws IOException {
        requireNonNull(file, "file");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(csv());
        }
    }

    /** Returns the content of the CSV file. */
    public String csv() {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (QueryBenchmark query : queries) {
            for (EngineResult engine : List.of(query.proteus(), query.duckdb())) {
                OptionalDouble median = engine.medianSeconds();
                csv.append(query.query()).append(',').append(engine.engine()).append(',')
                        .append(median.isPresent() ? String.format(Locale.ROOT, "%.6f", median.getAsDouble()) : "")
                        .append('\n');
            }
        }
        return csv.toString();
    }

    /** Returns the total ratio over the queries both engines ran, with the queries left out and why. */
    public Ratio ratio() {
        double proteusSeconds = 0;
        double duckdbSeconds = 0;
        List<String> compared = new ArrayList<>();
        List<String> failedOnProteus = new ArrayList<>();
        List<String> failedOnDuckdb = new ArrayList<>();
        List<String> wrongOnProteus = new ArrayList<>();
        for (QueryBenchmark query : queries) {
            if (query.comparable()) {
                compared.add(query.query());
                proteusSeconds += query.proteus().medianSeconds().orElseThrow();
                duckdbSeconds += query.duckdb().medianSeconds().orElseThrow();
                continue;
            }
            if (!query.proteus().succeeded()) {
                failedOnProteus.add(query.query());
            } else if (query.proteusCheck().mismatch()) {
                wrongOnProteus.add(query.query());
            }
            if (!query.duckdb().succeeded()) {
                failedOnDuckdb.add(query.query());
            }
        }
        return new Ratio(proteusSeconds, duckdbSeconds, compared, failedOnProteus, failedOnDuckdb, wrongOnProteus);
    }

    /**
     * The sums of the median times of both engines over the queries both ran with a right result.
     *
     * @param proteusSeconds the sum of Proteus' medians over {@code compared}
     * @param duckdbSeconds the sum of DuckDB's medians over {@code compared}
     * @param compared the queries in the sums
     * @param failedOnProteus queries left out because Proteus failed them
     * @param failedOnDuckdb queries left out because DuckDB failed them
     * @param wrongOnProteus queries left out because Proteus' result was wrong
     */
    public record Ratio(double proteusSeconds, double duckdbSeconds, List<String> compared, List<String> failedOnProteus,
            List<String> failedOnDuckdb, List<String> wrongOnProteus) {

        public Ratio {
            compared = List.copyOf(compared);
            failedOnProteus = List.copyOf(failedOnProteus);
            failedOnDuckdb = List.copyOf(failedOnDuckdb);
            wrongOnProteus = List.copyOf(wrongOnProteus);
        }

        /** Returns Proteus' total time divided by DuckDB's, if any query was compared. */
        public OptionalDouble value() {
            return compared.isEmpty() || duckdbSeconds <= 0
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(proteusSeconds / duckdbSeconds);
        }

        /** Returns the lines that report the ratio and the queries left out of it. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            if (value().isPresent()) {
                lines.add(String.format(Locale.ROOT, "Proteus/DuckDB total ratio: %.2fx (%s / %s, sums of medians over %d %s both engines ran)",
                        value().getAsDouble(), Formatting.seconds(proteusSeconds), Formatting.seconds(duckdbSeconds),
                        compared.size(), compared.size() == 1 ? "query" : "queries"));
            } else {
                lines.add("Proteus/DuckDB total ratio: none (no query ran on both engines)");
            }
            addExcluded(lines, "failed on Proteus", failedOnProteus);
            addExcluded(lines, "wrong result on Proteus", wrongOnProteus);
            addExcluded(lines, "failed on DuckDB", failedOnDuckdb);
            return lines;
        }

        private static void addExcluded(List<String> lines, String reason, List<String> queries) {
            if (!queries.isEmpty()) {
                lines.add("Excluded from the ratio, " + reason + " (" + queries.size() + "): " + String.join(" ", queries));
            }
        }
    }
}
