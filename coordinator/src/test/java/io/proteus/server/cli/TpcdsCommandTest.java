package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.server.TestDataDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs {@code proteus tpcds} in this JVM: on an embedded cluster over the cached SF1 data with queries that pass, on
 * a server that is not there, and with invalid options.
 */
class TpcdsCommandTest {

    static Path dataDirectory() {
        return TestDataDirectory.path();
    }

    @Test
    void passingQueriesOnEmbeddedClusterExitZero() {
        Execution execution = Execution.of("tpcds", "--sf", "1", "--queries", "3,42,96", "--workers", "2",
                "--data-dir", dataDirectory().toString(), "--no-progress");
        assertThat(execution.exitCode()).as(execution.toString()).isZero();
        List<String> lines = execution.outputLines();
        assertThat(lines.getFirst()).startsWith("TPC-DS sf1: 3 queries on an embedded cluster (2 workers")
                .endsWith("checking results against the shipped answers");
        assertThat(lines).anyMatch(line -> line.matches("03 PASS +\\d+\\.\\d{3}s +89 rows"))
                .anyMatch(line -> line.matches("42 PASS +\\d+\\.\\d{3}s +10 rows"))
                .anyMatch(line -> line.matches("96 PASS +\\d+\\.\\d{3}s +1 row"));
        assertThat(lines.getLast()).matches("3 passed, 0 failed in \\d+\\.\\d{3}s");
    }

    @Test
    void unreachableServerExitsNonZero() {
        Execution execution = Execution.of("tpcds", "--url", "jdbc:proteus://127.0.0.1:1/tpcds/sf1", "--queries", "3",
                "--no-progress");
        assertThat(execution.exitCode()).as(execution.toString()).isEqualTo(1);
        assertThat(execution.output() + execution.errors()).contains("127.0.0.1:1");
    }

    @Test
    void invalidOptionsAreUsageErrors() {
        Execution badQueries = Execution.of("tpcds", "--queries", "3,100");
        assertThat(badQueries.exitCode()).isEqualTo(2);
        assertThat(badQueries.errors()).contains("Invalid value for option '--queries'").contains("there is no query 100");
        Execution badScale = Execution.of("tpcds", "--sf", "3");
        assertThat(badScale.exitCode()).isEqualTo(2);
        assertThat(badScale.errors()).contains("Unknown TPC-DS scale factor '3'");
        Execution badWorkers = Execution.of("tpcds", "--workers", "0");
        assertThat(badWorkers.exitCode()).isEqualTo(2);
        assertThat(badWorkers.errors()).contains("--workers must be at least 1");
    }

    /** The exit code and output of one command line. */
    record Execution(int exitCode, String output, String errors) {
        static Execution of(String... arguments) {
            StringWriter output = new StringWriter();
            StringWriter errors = new StringWriter();
            int exitCode = new CommandLine(new ProteusMain())
                    .setOut(new PrintWriter(output, true))
                    .setErr(new PrintWriter(errors, true))
                    .execute(arguments);
            return new Execution(exitCode, output.toString(), errors.toString());
        }

        List<String> outputLines() {
            return output.lines().toList();
        }
    }
}
