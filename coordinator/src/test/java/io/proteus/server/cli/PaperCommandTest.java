package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code proteus bench paper} in this JVM at tiny sizes (a 1 MB large table, 0.1 and 0.2 MB small ones, clusters
 * of 1 and 2 workers, TPC-DS tiny) with one measured run: the files exist and have the right columns.
 */
class PaperCommandTest {

    @Test
    void writesBothFiguresAsCsvAndPng(@TempDir Path output) throws Exception {
        TpcdsCommandTest.Execution execution = TpcdsCommandTest.Execution.of("bench", "paper", "--out", output.toString(),
                "--data-dir", TpcdsCommandTest.dataDirectory().toString(), "--runs", "1", "--min-seconds", "0", "--large-mb", "1",
                "--small-mb", "0.1,0.2", "--cluster-small-mb", "0.1", "--workers", "1,2", "--placement-small-mb", "0.2",
                "--sf", "tiny");
        assertThat(execution.exitCode()).as(execution.toString()).isZero();

        List<String> fig4 = Files.readAllLines(output.resolve("fig4.csv"), StandardCharsets.UTF_8);
        assertThat(fig4.getFirst()).isEqualTo("experiment,data_size,strategy,seconds,cost");
        assertThat(fig4.subList(1, fig4.size())).hasSize(12)
                .allMatch(line -> line.matches("[a-z0-9-]+,[0-9.]+,[a-z-]+,\\d+\\.\\d{6},\\d+\\.\\d{6}"));
        assertThat(fig4.stream().skip(1).map(line -> line.substring(0, line.indexOf(','))).distinct())
                .containsExactly("size", "workers-1", "workers-2", "placement-uniform", "placement-pareto");
        assertThat(fig4).contains(fig4.stream().filter(line -> line.startsWith("size,0.2,static-merge,")).findFirst().orElseThrow());
        assertThat(fig4.stream().filter(line -> line.startsWith("placement-")).map(line -> line.split(",")[2]).distinct())
                .containsExactly("round-robin", "pack");

        List<String> fig7 = Files.readAllLines(output.resolve("fig7.csv"), StandardCharsets.UTF_8);
        assertThat(fig7.getFirst()).isEqualTo("data_size,strategy,seconds,cost");
        assertThat(fig7.subList(1, fig7.size())).extracting(line -> line.substring(0, line.indexOf(',', 5)))
                .containsExactly("0.01,static-merge", "0.01,static-hash", "0.01,dynamic");

        for (String name : List.of("fig4.png", "fig7.png")) {
            byte[] png = Files.readAllBytes(output.resolve(name));
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).as(name).isEqualTo("PNG");
        }
        List<String> lines = execution.outputLines();
        assertThat(lines).anyMatch(line -> line.matches("sf 0\\.01: DYN \\d+\\.\\d{3}s vs best static \\(static-(hash|merge)\\) .*"));
        assertThat(lines).anyMatch(line -> line.startsWith("DYN within 5% of the best static strategy at all sizes: "));
        assertThat(lines).noneMatch(line -> line.startsWith("RESULT MISMATCH"));
    }

    @Test
    void invalidOptionsAreUsageErrors() {
        TpcdsCommandTest.Execution noOutput = TpcdsCommandTest.Execution.of("bench", "paper");
        assertThat(noOutput.exitCode()).isEqualTo(2);
        assertThat(noOutput.errors()).contains("Missing required option").contains("--out");
        TpcdsCommandTest.Execution noRuns = TpcdsCommandTest.Execution.of("bench", "paper", "--out", "/tmp/unused", "--runs", "0");
        assertThat(noRuns.exitCode()).isEqualTo(2);
        assertThat(noRuns.errors()).contains("at least one measured run");
        TpcdsCommandTest.Execution noWorkers = TpcdsCommandTest.Execution.of("bench", "paper", "--out", "/tmp/unused", "--workers", "0");
        assertThat(noWorkers.exitCode()).isEqualTo(2);
    }
}
