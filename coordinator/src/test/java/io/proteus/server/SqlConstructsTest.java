package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of SQL constructs: every query of {@code sql-constructs/queries.sql} runs on a real local Proteus
 * cluster through JDBC and on DuckDB (in-process) over the same small tables, which have NULLs in every column, and the
 * two results must agree row for row (numbers compared exactly, or to 1e-9 relative for approximate types).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlConstructsTest {

    private LocalCluster cluster;
    private Connection proteus;
    private Connection duckdb;

    @BeforeAll
    void start() throws Exception {
        Path dataDirectory = TestDataDirectory.path();
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory).withSlotsPerWorker(2));
        proteus = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/tiny");
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    void stop() throws Exception {
        if (duckdb != null) {
            duckdb.close();
        }
        if (proteus != null) {
            proteus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    Stream<Arguments> queries() throws IOException {
        List<Arguments> queries = new ArrayList<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String line : resource("queries.sql").split("\n")) {
            if (line.startsWith("-- name: ")) {
                if (name != null) {
                    queries.add(Arguments.of(name, text.toString().strip()));
                }
                name = line.substring("-- name: ".length()).strip();
                text.setLength(0);
            } else if (name != null && !line.startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        queries.add(Arguments.of(name, text.toString().strip()));
        return queries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void agreesWithDuckDb(String name, String query) throws Exception {
        String sql = withTables(query);
        List<List<Object>> expected = run(duckdb, sql);
        List<List<Object>> actual = run(proteus, sql);
        assertThat(actual).as("row count of %s", name).hasSize(expected.size());
        for (int row = 0; row < expected.size(); row++) {
            List<Object> expectedRow = expected.get(row);
            List<Object> actualRow = actual.get(row);
            assertThat(actualRow).as("width of row %d of %s", row, name).hasSize(expectedRow.size());
            for (int column = 0; column < expectedRow.size(); column++) {
                assertThat(same(expectedRow.get(column), actualRow.get(column)))
                        .as("row %d column %d of %s: expected %s, got %s (Proteus rows %s, DuckDB rows %s)", row, column + 1,
                                name, expectedRow.get(column), actualRow.get(column), actual, expected)
                        .isTrue();
            }
        }
    }

    @Test
    void scalarSubQueryWithSeveralRowsFailsAndSessionStaysUsable() throws Exception {
        try (Statement statement = proteus.createStatement()) {
            assertThatThrownBy(() -> run(proteus, withTables("SELECT k, (SELECT w FROM u) AS w FROM t ORDER BY k")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("more than one row");
            try (ResultSet resultSet = statement.executeQuery(withTables("SELECT (SELECT w FROM u WHERE w = 2) AS w FROM t WHERE k = 1"))) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void subtreeUsedTwiceRunsItsStagesOnce() throws Exception {
        List<List<Object>> explained = run(proteus, "EXPLAIN ANALYZE WITH totals AS (SELECT ss_store_sk, sum(ss_net_paid) AS paid"
                + " FROM store_sales GROUP BY ss_store_sk) SELECT a.ss_store_sk, a.paid, b.paid FROM totals a"
                + " JOIN totals b ON a.ss_store_sk = b.ss_store_sk");
        List<String> stages = explained.stream().map(row -> String.valueOf(row.get(0)))
                .filter(line -> line.matches("\\s*stage \\d+ .*")).toList();
        assertThat(stages).filteredOn(line -> line.contains("partial aggregate (scan")).hasSize(1);
    }

    private static String withTables(String query) throws IOException {
        String tables = resource("tables.sql").lines().filter(line -> !line.startsWith("--"))
                .reduce("", (left, right) -> left + right + "\n").strip();
        String trimmed = query.strip();
        if (trimmed.regionMatches(true, 0, "WITH ", 0, 5)) {
            return tables + ",\n" + trimmed.substring(5);
        }
        return tables + "\n" + trimmed;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SqlConstructsTest.class.getResourceAsStream("/sql-constructs/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource sql-constructs/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<List<Object>> run(Connection connection, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = resultSet.getMetaData();
            while (resultSet.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= metadata.getColumnCount(); column++) {
                    row.add(normalize(resultSet.getObject(column)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object normalize(Object value) {
        return switch (value) {
            case null -> null;
            case BigDecimal decimal -> decimal;
            case Double number -> number;
            case Float number -> number.doubleValue();
            case Number number -> new BigDecimal(number.toString());
            case java.sql.Date date -> date.toLocalDate().toString();
            case java.time.LocalDate date -> date.toString();
            case Boolean bool -> bool;
            default -> value.toString();
        };
    }

    private static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Double || actual instanceof Double) {
            if (!(expected instanceof Number left) || !(actual instanceof Number right)) {
                return false;
            }
            double a = left.doubleValue();
            double b = right.doubleValue();
            return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
        }
        if (expected instanceof BigDecimal left && actual instanceof BigDecimal right) {
            return left.round(MathContext.DECIMAL128).compareTo(right.round(MathContext.DECIMAL128)) == 0;
        }
        return expected.equals(actual);
    }
}
