package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code bin/proteus coordinator} and {@code bin/proteus worker --memory 64m} as two processes: a query whose exchanged
 * data does not fit in the worker's budget fails with a clear "memory limit exceeded" error (not an
 * OutOfMemoryError), the worker stays up, and the next query on the same connection succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerMemoryLimitTest {

    private ForkedProcess coordinator;
    private ForkedProcess worker;
    private String jdbcUrl;

    @BeforeAll
    void start() throws Exception {
        String data = TestDataDirectory.path().toString();
        int flightPort = ForkedProcess.freePort();
        int clusterPort = ForkedProcess.freePort();
        coordinator = ForkedProcess.start("coordinator", "1g", List.of("coordinator", "--flight-port",
                Integer.toString(flightPort), "--http-port", "0", "--cluster-port", Integer.toString(clusterPort),
                "--data-dir", data));
        coordinator.await("coordinator start", Duration.ofSeconds(60), () -> coordinator.log().contains("JDBC URL:"));
        worker = ForkedProcess.start("worker-small", "512m", List.of("worker", "--coordinator", "127.0.0.1:" + clusterPort,
                "--node-id", "worker-small", "--slots", "1", "--memory", "64m", "--data-dir", data));
        jdbcUrl = "jdbc:proteus://127.0.0.1:" + flightPort + "/tpcds/sf1";
        worker.await("registration", Duration.ofSeconds(60), () -> workerCount() == 1);
    }

    private long workerCount() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM system.runtime.nodes WHERE NOT coordinator")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            // The coordinator runs no query before a worker joined.
            return 0;
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    void queryOverTheWorkersBudgetFailsClearlyAndTheNextQuerySucceeds() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            // Both sides of this self-join are shuffled: about 90 MB of keys held in the 64 MB worker.
            assertThatThrownBy(() -> {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM store_sales a JOIN store_sales b "
                                + "ON a.ss_ticket_number = b.ss_ticket_number AND a.ss_item_sk = b.ss_item_sk")) {
                    rows.next();
                }
            }).isInstanceOf(SQLException.class)
                    .hasMessageContaining("memory limit exceeded")
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain("OutOfMemoryError"));
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*), sum(ss_quantity) FROM store_sales")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(2_880_404L);
            }
        }
        assertThat(worker.isAlive()).isTrue();
        assertThat(workerCount()).isEqualTo(1);
        assertThat(worker.log()).doesNotContain("OutOfMemoryError");
    }
}
