package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.jdbc.ProteusStatement;
import io.proteus.jdbc.QueryProgress;
import io.proteus.jdbc.QueryRuntimeInformation;
import io.proteus.server.query.QueryState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the {@code jdbc:proteus} driver adds to JDBC, against a real local cluster: session properties from the URL
 * and from SET, the runtime information of the last query through {@code unwrap(ProteusStatement.class)}, progress
 * while a query runs, cancelling a running query, and prepared statements with parameters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProteusJdbcExtrasTest {

    private static final String LONG_QUERY = "SELECT count(*) FROM store_sales a JOIN store_sales b "
            + "ON a.ss_item_sk = b.ss_item_sk AND a.ss_ticket_number <> b.ss_ticket_number";

    private LocalCluster cluster;

    @BeforeAll
    void start() throws Exception {
        Path dataDirectory = TestDataDirectory.path();
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory).withSlotsPerWorker(2));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Connection connect(String query) throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/sf1" + query);
    }

    @Test
    void sessionPropertiesFromTheUrlAndSetReachTheQuery() throws SQLException {
        try (Connection connection = connect("?strategy=static-hash&priority=batch");
                Statement statement = connection.createStatement()) {
            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM store")) {
                assertThat(resultSet.next()).isTrue();
            }
            QueryRuntimeInformation fromUrl = statement.unwrap(ProteusStatement.class).queryRuntimeInformation();
            assertThat(fromUrl.strategy()).isEqualTo("static-hash");
            assertThat(fromUrl.priority()).isEqualTo("batch");

            assertThat(statement.execute("SET priority = 'BACKGROUND'")).isFalse();
            assertThat(statement.execute("SET objective = 'cost'")).isFalse();
            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM store")) {
                assertThat(resultSet.next()).isTrue();
            }
            QueryRuntimeInformation afterSet = statement.unwrap(ProteusStatement.class).queryRuntimeInformation();
            assertThat(afterSet.priority()).isEqualTo("background");
            assertThat(afterSet.objective()).isEqualTo("cost");

            assertThatThrownBy(() -> statement.execute("SET priority = 'urgent'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("priority must be interactive, batch or background");
            assertThatThrownBy(() -> statement.execute("SET colour = 'blue'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Unknown session property 'colour'");
            // The session is still usable and kept its priority.
            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM store")) {
                assertThat(resultSet.next()).isTrue();
            }
            assertThat(statement.unwrap(ProteusStatement.class).queryRuntimeInformation().priority()).isEqualTo("background");
        }
        try (Connection connection = connect("?priority=urgent"); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("priority");
        }
    }

    @Test
    void runtimeInformationDescribesTheLastQuery() throws SQLException {
        String sql = "SELECT i_category, count(*) FROM store_sales JOIN item ON ss_item_sk = i_item_sk GROUP BY i_category";
        try (Connection connection = connect(""); Statement statement = connection.createStatement()) {
            ProteusStatement proteus = statement.unwrap(ProteusStatement.class);
            assertThat(statement.isWrapperFor(ProteusStatement.class)).isTrue();
            assertThatThrownBy(proteus::queryRuntimeInformation).isInstanceOf(SQLException.class)
                    .hasMessageContaining("No query id is known");
            long rows = 0;
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                while (resultSet.next()) {
                    rows++;
                }
            }
            QueryRuntimeInformation information = proteus.queryRuntimeInformation();
            assertThat(information.queryId()).isEqualTo(proteus.queryId().orElseThrow());
            assertThat(information.state()).isEqualTo("FINISHED");
            assertThat(information.sql()).isEqualTo(sql);
            assertThat(information.strategy()).isEqualTo("dynamic");
            assertThat(information.priority()).isEqualTo("interactive");
            assertThat(information.resultRows()).isEqualTo(rows).isPositive();
            assertThat(information.elapsedSeconds()).isPositive();
            assertThat(information.planningSeconds()).isPositive().isLessThan(information.elapsedSeconds() + 60);
            assertThat(information.finished()).isPresent();
            assertThat(information.finished().get()).isAfterOrEqualTo(information.started());
            assertThat(information.error()).isEmpty();
            assertThat(information.slotSeconds()).isPositive();
            assertThat(information.bytesShuffled() + information.bytesSharedLocally()).isPositive();
            assertThat(information.decisions()).extracting(QueryRuntimeInformation.Decision::point)
                    .contains("JOIN", "AGGREGATE");
            QueryRuntimeInformation.Decision join = information.decisions().stream()
                    .filter(decision -> decision.point().equals("JOIN")).findFirst().orElseThrow();
            assertThat(join.instances()).isPositive();
            assertThat(join.reason()).isNotBlank();
            assertThat(join.observed()).contains("rows");
            assertThat(information.stages()).isNotEmpty();
            assertThat(information.stages().getLast().label()).isEqualTo("result");
            assertThat(information.stages().stream().mapToDouble(QueryRuntimeInformation.Stage::slotSeconds).sum())
                    .isCloseTo(information.slotSeconds(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(information.stages()).allSatisfy(stage -> assertThat(stage.tasks()).isPositive());
            assertThat(proteus.runtimeInformation()).contains("\"queryId\":\"" + information.queryId() + "\"");
        }
    }

    @Test
    void progressFollowsARunningQueryAndCancelStopsIt() throws Exception {
        try (Connection connection = connect(""); Statement statement = connection.createStatement()) {
            ProteusStatement proteus = statement.unwrap(ProteusStatement.class);
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                try (ResultSet resultSet = statement.executeQuery(LONG_QUERY)) {
                    return resultSet.next() ? resultSet.getObject(1) : null;
                } catch (SQLException e) {
                    return e;
                }
            });
            List<QueryProgress> seen = new CopyOnWriteArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (seen.isEmpty() || seen.getLast().tasksScheduled() == 0
                    || seen.getLast().stagesFinished() == 0)) {
                if (proteus.queryId().isPresent()) {
                    seen.add(proteus.progress());
                }
                Thread.sleep(50);
            }
            QueryProgress during = seen.getLast();
            assertThat(during.state()).isEqualTo("RUNNING");
            assertThat(during.done()).isFalse();
            assertThat(during.tasksScheduled()).isPositive();
            assertThat(during.stagesFinished()).isPositive();
            assertThat(during.tasksFinished()).isLessThanOrEqualTo(during.tasksScheduled());
            assertThat(during.elapsedSeconds()).isPositive();

            statement.cancel();
            Object outcome = running.get(60, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(SQLException.class);
            assertThat(((SQLException) outcome).getMessage()).containsIgnoringCase("cancel");
            String queryId = proteus.queryId().orElseThrow();
            long stateDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cluster.queryManager().queryInfo(queryId).orElseThrow().state() == QueryState.RUNNING
                    && System.nanoTime() < stateDeadline) {
                Thread.sleep(50);
            }
            assertThat(cluster.queryManager().queryInfo(queryId).orElseThrow().state()).isEqualTo(QueryState.CANCELLED);
            QueryProgress after = proteus.progress();
            assertThat(after.done()).isTrue();
            assertThat(after.state()).isEqualTo("CANCELLED");

            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM store")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isEqualTo(12);
            }
            QueryProgress finished = proteus.progress();
            assertThat(finished.state()).isEqualTo("FINISHED");
            assertThat(finished.taskFraction()).isEqualTo(1.0);
            assertThat(finished.resultRows()).isEqualTo(1);
        }
    }

    @Test
    void preparedStatementsTakeParameters() throws SQLException {
        try (Connection connection = connect("");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM store_sales WHERE ss_quantity BETWEEN ? AND ? AND ss_store_sk = ?")) {
            assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(3);
            long previous = -1;
            for (int upper : new int[] {10, 50}) {
                statement.setInt(1, 1);
                statement.setInt(2, upper);
                statement.setInt(3, 1);
                try (ResultSet resultSet = statement.executeQuery()) {
                    assertThat(resultSet.next()).isTrue();
                    long count = resultSet.getLong(1);
                    assertThat(count).isGreaterThan(previous);
                    previous = count;
                }
            }
            try (Statement literal = connection.createStatement();
                    ResultSet resultSet = literal.executeQuery(
                            "SELECT count(*) FROM store_sales WHERE ss_quantity BETWEEN 1 AND 50 AND ss_store_sk = 1")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isEqualTo(previous);
            }
        }
    }
}
