package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.cli.TpcdsCommandTest.Execution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proteus sql} run as a command line: on an embedded cluster and against a running server, with -e and -f,
 * in each output format, and the exit codes and messages of failing statements and bad options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlCommandTest {

    private LocalCluster cluster;
    private String server;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0)
                .withDataDirectory(TpcdsCommandTest.dataDirectory()).withSlotsPerWorker(2));
        server = "127.0.0.1:" + cluster.flightPort();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void executeOnAnEmbeddedClusterPrintsTheTable() {
        Execution execution = Execution.of("sql", "--data-dir", TpcdsCommandTest.dataDirectory().toString(),
                "-e", "SELECT count(*) FROM tpcds.sf1.store_sales");
        assertThat(execution.exitCode()).as(execution.toString()).isZero();
        assertThat(execution.outputLines()).containsExactly(" EXPR$0", "---------", " 2880404", "(1 row)");
    }

    @Test
    void fileRunsEveryStatementInOrderAgainstAServer(@TempDir Path directory) throws Exception {
        Path script = directory.resolve("script.sql");
        Files.writeString(script, """
                -- session settings first
                SET priority = 'batch';
                SELECT s_store_sk, s_store_name, s_tax_percentage
                FROM store WHERE s_store_sk <= 2 ORDER BY s_store_sk;
                SELECT count(*) AS stores FROM store
                """);
        Execution execution = Execution.of("sql", "--server", server, "--schema", "tiny", "-f", script.toString(),
                "--format", "csv");
        assertThat(execution.exitCode()).as(execution.toString()).isZero();
        List<String> lines = execution.outputLines();
        assertThat(lines.getFirst()).isEqualTo("SET");
        assertThat(lines.get(1)).isEqualTo("s_store_sk,s_store_name,s_tax_percentage");
        assertThat(lines.get(2)).matches("1,\\w+,0\\.\\d\\d");
        assertThat(lines.get(3)).startsWith("2,");
        assertThat(lines.subList(4, lines.size())).containsExactly("stores", "2");
        assertThat(cluster.queryManager().queries().getLast().priority()).isEqualTo("batch");
    }

    @Test
    void jsonFormatKeepsNullsAndTypes() {
        Execution execution = Execution.of("sql", "--server", "jdbc:proteus://" + server + "/tpcds/tiny", "--format", "json",
                "-e", "SELECT d_date_sk, d_date, CAST(NULL AS VARCHAR) AS nothing, CAST(2.50 AS DECIMAL(5,2)) AS price "
                        + "FROM date_dim WHERE d_date_sk = 2415022");
        assertThat(execution.exitCode()).as(execution.toString()).isZero();
        assertThat(execution.outputLines()).containsExactly(
                "{\"d_date_sk\":2415022,\"d_date\":\"1900-01-02\",\"nothing\":null,\"price\":2.50}");
    }

    @Test
    void aFailingStatementStopsTheScriptWithExitCodeOneAndPointsAtTheError() {
        Execution execution = Execution.of("sql", "--server", server, "-e",
                "SELECT count(*) FROM tpcds.tiny.store;\nSELECT *\nFROM tpcds.tiny.store WHERE;\nSELECT 1");
        assertThat(execution.exitCode()).as(execution.toString()).isEqualTo(1);
        assertThat(execution.outputLines()).containsExactly(" EXPR$0", "--------", "      2", "(1 row)");
        List<String> errors = execution.errors().lines().toList();
        assertThat(errors.getFirst()).startsWith("Query failed: ").contains("line 2, column");
        assertThat(errors.get(1)).isEqualTo("LINE 2: FROM tpcds.tiny.store WHERE");
        java.util.regex.Matcher position = java.util.regex.Pattern.compile("line 2, column (\\d+)").matcher(errors.getFirst());
        assertThat(position.find()).isTrue();
        // The caret stands under the column the parser reported.
        assertThat(errors.get(2)).isEqualTo(" ".repeat("LINE 2: ".length() + Integer.parseInt(position.group(1)) - 1) + "^");

        Execution unknownTable = Execution.of("sql", "--server", server, "-e", "SELECT * FROM no_such_table");
        assertThat(unknownTable.exitCode()).isEqualTo(1);
        assertThat(unknownTable.errors()).contains("no_such_table");
    }

    @Test
    void unreachableServerAndBadOptionsExitNonZero() {
        Execution unreachable = Execution.of("sql", "--server", "127.0.0.1:1", "-e", "SELECT 1");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.errors()).contains("127.0.0.1:1");

        Execution badFormat = Execution.of("sql", "--server", server, "--format", "xml", "-e", "SELECT 1");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.errors()).contains("expected table, csv or json");
        Execution both = Execution.of("sql", "--server", server, "-e", "SELECT 1", "-f", "x.sql");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.errors()).contains("--execute and --file cannot be used together");
        Execution badServer = Execution.of("sql", "--server", "not a server", "-e", "SELECT 1");
        assertThat(badServer.exitCode()).isEqualTo(2);
        Execution missingFile = Execution.of("sql", "--server", server, "-f", "/no/such/file.sql");
        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.errors()).contains("no such file");
    }
}
