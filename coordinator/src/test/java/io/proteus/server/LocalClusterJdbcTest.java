package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.tpcds.AnswerComparison;
import io.proteus.tpcds.TpcdsQueries;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts a real local cluster (coordinator and two Flight workers) and runs SQL through the Proteus JDBC driver: all
 * 99 TPC-DS queries at SF1 against the shipped answers, SQL semantics on small tables, and errors that leave
 * the connection usable. Closing the cluster fails the test if any Arrow memory leaked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClusterJdbcTest {

    private LocalCluster cluster;
    private Connection connection;

    @BeforeAll
    void start() throws Exception {
        Path dataDirectory = TestDataDirectory.path();
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory).withSlotsPerWorker(2));
        connection = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/sf1");
    }

    @AfterAll
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<String> tpcdsQueries() {
        return TpcdsQueries.names();
    }

    /** All 99 TPC-DS queries at SF1, through the JDBC driver, against the shipped answers. */
    @ParameterizedTest(name = "TPC-DS query {0} at SF1")
    @MethodSource("tpcdsQueries")
    void tpcdsQueryMatchesAnswer(String name) throws SQLException {
        String sql = TpcdsQueries.query(name).strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1);
        }
        List<String> expected = TpcdsQueries.answerLines("sf1", name).orElseThrow();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            Optional<String> difference =
                    AnswerComparison.difference(AnswerComparison.answerRows(expected), AnswerComparison.readRows(resultSet));
            assertThat(difference).as("query %s", name).isEmpty();
        }
    }

    @Test
    void typesMapFaithfully() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(
                        "SELECT d_date_sk, d_date, d_day_name, CAST(d_date_sk AS BIGINT) * 2 AS doubled, CAST(1.50 AS DECIMAL(7,2)) AS price "
                                + "FROM tpcds.tiny.date_dim WHERE d_date_sk = 2415022")) {
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getObject(1)).isEqualTo(2415022);
            assertThat(resultSet.getObject(2)).isEqualTo(Date.valueOf("1900-01-02"));
            // dsdgen names the days one off from the calendar (1900-01-02 was a Tuesday); the answers rely on its data.
            assertThat(resultSet.getObject(3)).isEqualTo("Monday");
            assertThat(resultSet.getObject(4)).isEqualTo(4830044L);
            assertThat(resultSet.getObject(5)).isEqualTo(new BigDecimal("1.50"));
            assertThat(resultSet.next()).isFalse();
        }
    }

    @Test
    void nullsSortLastAndThreeValuedLogicHolds() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(
                        "SELECT count(*) AS total, count(c_birth_year) AS known, "
                                + "sum(CASE WHEN c_birth_year > 1950 OR c_birth_year IS NULL THEN 1 ELSE 0 END) AS young_or_unknown, "
                                + "sum(CASE WHEN NOT (c_birth_year > 1950) THEN 1 ELSE 0 END) AS older "
                                + "FROM tpcds.tiny.customer")) {
            assertThat(resultSet.next()).isTrue();
            long total = resultSet.getLong(1);
            long known = resultSet.getLong(2);
            long youngOrUnknown = resultSet.getLong(3);
            long old = resultSet.getLong(4);
            assertThat(known).isLessThan(total);
            // NOT(NULL > 1950) is NULL, so unknown birth years are in neither the old count nor excluded from the first.
            assertThat(youngOrUnknown + old).isEqualTo(total);
        }
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(
                        "SELECT c_birth_year FROM tpcds.tiny.customer ORDER BY c_birth_year DESC LIMIT 1 OFFSET 0")) {
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getObject(1)).isNotNull();
        }
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(
                        "SELECT c_birth_year FROM tpcds.tiny.customer ORDER BY c_birth_year LIMIT 100000")) {
            Object last = null;
            while (resultSet.next()) {
                last = resultSet.getObject(1);
            }
            assertThat(last).isNull();
        }
    }

    @Test
    void syntaxErrorNamesLineAndColumnAndConnectionStaysUsable() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT *\nFROM store WHERE"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("line 2, column");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no_such_table");
            assertThatThrownBy(() -> statement.executeQuery("SELECT no_such_column FROM store"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no_such_column");
            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM tpcds.tiny.store")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void workerErrorFailsQueryWithItsMessage() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> {
                try (ResultSet resultSet = statement.executeQuery("SELECT sum(100 / (s_store_sk - 1)) FROM tpcds.tiny.store")) {
                    while (resultSet.next()) {
                        resultSet.getObject(1);
                    }
                }
            })
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("division by zero");
            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM tpcds.tiny.item")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isPositive();
            }
        }
    }
}
