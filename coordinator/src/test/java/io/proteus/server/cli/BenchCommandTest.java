package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code proteus bench tpcds} in this JVM on the tiny scale: one query, one measured run, DuckDB loaded with the
 * four tables the query reads.
 */
class BenchCommandTest {

    @Test
    void writesCsvAndChartAndRatio(@TempDir Path output) throws Exception {
        TpcdsCommandTest.Execution execution = TpcdsCommandTest.Execution.of("bench", "tpcds", "--sf", "tiny",
                "--vs", "duckdb", "--out", output.toString(), "--queries", "96", "--runs", "1",
                "--data-dir", TpcdsCommandTest.dataDirectory().toString(), "--no-progress");
        assertThat(execution.exitCode()).as(execution.toString()).isZero();

        List<String> lines = execution.outputLines();
        assertThat(lines.getFirst()).startsWith("Benchmark TPC-DS tiny: 1 query, 1 measured run each, Proteus on an embedded cluster");
        assertThat(lines.stream().filter(line -> line.startsWith("loaded ")).map(line -> line.split(" ")[1]))
                .containsExactly("tiny.household_demographics", "tiny.store", "tiny.store_sales", "tiny.time_dim");
        assertThat(lines).anyMatch(line -> line.matches(
                "96  proteus \\d+\\.\\d{3}s  duckdb \\d+\\.\\d{3}s  \\d+\\.\\d{2}x  proteus matches duckdb"));
        assertThat(lines).anyMatch(line -> line.startsWith("Proteus/DuckDB total ratio: ")
                && line.endsWith("sums of medians over 1 query both engines ran)"));

        List<String> csv = Files.readAllLines(output.resolve("tpcds.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).isEqualTo("query,engine,median_seconds");
        assertThat(csv.get(1)).matches("96,proteus,\\d+\\.\\d{6}");
        assertThat(csv.get(2)).matches("96,duckdb,\\d+\\.\\d{6}");

        byte[] png = Files.readAllBytes(output.resolve("tpcds.png"));
        assertThat(png.length).isGreaterThan(1000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void competitorAndOutputAreRequired() {
        TpcdsCommandTest.Execution execution = TpcdsCommandTest.Execution.of("bench", "tpcds", "--queries", "96");
        assertThat(execution.exitCode()).isEqualTo(2);
        assertThat(execution.errors()).contains("Missing required options").contains("--vs").contains("--out");
        TpcdsCommandTest.Execution unknownEngine = TpcdsCommandTest.Execution.of("bench", "tpcds", "--vs", "postgres",
                "--out", "/tmp/unused");
        assertThat(unknownEngine.exitCode()).isEqualTo(2);
        assertThat(unknownEngine.errors()).contains("--vs").contains("duckdb");
    }
}
