package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code proteus bench sharing} in this JVM with small settings (tiny scale, one run, short chains) and checks
 * the files it writes; no timing is asserted.
 */
class SharingCommandTest {

    @Test
    void writesTheSlotTimelineAndThePlot(@TempDir Path output) throws Exception {
        TpcdsCommandTest.Execution execution = TpcdsCommandTest.Execution.of("bench", "sharing", "--sf", "tiny",
                "--query", "q3", "--runs", "1", "--workers", "2", "--slots", "2", "--chains", "3", "--input-kb", "64",
                "--hash-rounds", "2", "--lead-seconds", "1", "--data-dir", TpcdsCommandTest.dataDirectory().toString(),
                "--out", output.toString());
        assertThat(execution.exitCode()).as(execution.toString()).isZero();
        List<String> lines = execution.outputLines();
        assertThat(lines.getFirst()).startsWith("Fig. 8: TPC-DS q3 at tiny on 2 workers x 2 slots, 3 background chains");
        assertThat(lines).anyMatch(line -> line.matches("query alone: {2}median \\d+\\.\\d{3} s \\(runs: \\d+\\.\\d{3}\\)"));
        assertThat(lines).anyMatch(line -> line.matches("query shared: median \\d+\\.\\d{3} s \\(runs: \\d+\\.\\d{3}\\)"));
        assertThat(lines).anyMatch(line -> line.matches("slowdown: [+-]\\d+\\.\\d% \\((within|over) 5%\\)"));
        assertThat(lines).anyMatch(line -> line.startsWith("shared run slots: query "));

        for (String name : List.of("fig8.csv", "fig8-alone.csv")) {
            List<String> csv = Files.readAllLines(output.resolve(name));
            assertThat(csv.getFirst()).isEqualTo("second,query_slots,background_slots,idle_slots");
            // At least the lead seconds before and after the query.
            assertThat(csv).as(name).hasSizeGreaterThanOrEqualTo(3);
            for (int row = 1; row < csv.size(); row++) {
                String line = csv.get(row);
                assertThat(line).matches("\\d+,\\d+\\.\\d{2},\\d+\\.\\d{2},\\d+\\.\\d{2}");
                String[] fields = line.split(",");
                assertThat(Integer.parseInt(fields[0])).isEqualTo(row - 1);
                double sum = Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]) + Double.parseDouble(fields[3]);
                assertThat(sum).as(line).isCloseTo(4.0, within(0.02));
            }
        }
        // Alone, no background function ever holds a slot.
        assertThat(Files.readAllLines(output.resolve("fig8-alone.csv")).stream().skip(1)
                .map(line -> line.split(",")[2])).containsOnly("0.00");
        // Shared, the background chains held slots at some point.
        assertThat(Files.readAllLines(output.resolve("fig8.csv")).stream().skip(1)
                .mapToDouble(line -> Double.parseDouble(line.split(",")[2])).sum()).isPositive();

        byte[] png = Files.readAllBytes(output.resolve("fig8.png"));
        assertThat(png.length).isGreaterThan(1000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
