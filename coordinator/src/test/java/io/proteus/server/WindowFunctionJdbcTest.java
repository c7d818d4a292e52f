package io.proteus.server;

import io.proteus.tpcds.AnswerComparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Window functions end to end: SQL through the JDBC driver to a real local cluster (coordinator and two Flight
 * workers), compared with DuckDB running the same text over a copy of the same TPC-DS tiny rows, and with hand-computed
 * results on literal rows. Every query orders its output completely, so results compare row by row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowFunctionJdbcTest {

    /** Columns copied to DuckDB: the window queries below read only these. */
    private static final String STORE_SALES_COLUMNS =
            "ss_ticket_number, ss_item_sk, ss_store_sk, ss_customer_sk, ss_sold_date_sk, ss_quantity, ss_net_paid";
    private static final String ITEM_COLUMNS = "i_item_sk, i_category, i_brand, i_current_price";

    private LocalCluster cluster;
    private Connection proteus;
    private Connection duckdb;
    private Path copies;

    @BeforeAll
    void start() throws Exception {
        Path dataDirectory = TestDataDirectory.path();
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory).withSlotsPerWorker(2));
        proteus = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/tiny");
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        copies = Files.createTempDirectory("proteus-window-test");
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TABLE store_sales (ss_ticket_number INTEGER, ss_item_sk INTEGER, ss_store_sk INTEGER,"
                    + " ss_customer_sk INTEGER, ss_sold_date_sk INTEGER, ss_quantity INTEGER, ss_net_paid DECIMAL(7, 2))");
            statement.execute("CREATE TABLE item (i_item_sk INTEGER, i_category VARCHAR, i_brand VARCHAR,"
                    + " i_current_price DECIMAL(7, 2))");
        }
        copyToDuckdb("store_sales", STORE_SALES_COLUMNS);
        copyToDuckdb("item", ITEM_COLUMNS);
    }

    /** Copies a table's columns from Proteus to DuckDB through a CSV file (empty fields are NULL). */
    private void copyToDuckdb(String table, String columns) throws SQLException, IOException {
        Path file = copies.resolve(table + ".csv");
        int rows = 0;
        try (Statement statement = proteus.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT " + columns + " FROM " + table);
                Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int count = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                for (int column = 1; column <= count; column++) {
                    Object value = resultSet.getObject(column);
                    writer.write(column > 1 ? "," : "");
                    if (value != null) {
                        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
                        writer.write(value instanceof String ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
                    }
                }
                writer.write("\n");
                rows++;
            }
        }
        assertThat(rows).as("rows of %s", table).isPositive();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("COPY " + table + " FROM '" + file + "' (FORMAT csv, HEADER false, NULL '')");
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
                count.next();
                assertThat(count.getLong(1)).isEqualTo(rows);
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (duckdb != null) {
                duckdb.close();
            }
            if (proteus != null) {
                proteus.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (copies != null) {
                try (var files = Files.list(copies)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(copies);
            }
        }
    }

    private static List<List<String>> run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (resultSet.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(AnswerComparison.format(resultSet.getObject(column)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static String difference(List<List<String>> expected, List<List<String>> actual) {
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " rows, got " + actual.size();
        }
        for (int row = 0; row < expected.size(); row++) {
            List<String> expectedRow = expected.get(row);
            List<String> actualRow = actual.get(row);
            if (expectedRow.size() != actualRow.size()) {
                return "row " + row + ": expected " + expectedRow.size() + " columns, got " + actualRow.size();
            }
            for (int column = 0; column < expectedRow.size(); column++) {
                if (!AnswerComparison.valuesMatch(expectedRow.get(column), actualRow.get(column))) {
                    return "row " + row + " column " + column + ": expected " + expectedRow + " got " + actualRow;
                }
            }
        }
        return null;
    }

    /** Runs the query on both engines and expects the same rows (numbers within 1e-4 relative or 0.011 absolute). */
    private void assertSameAsDuckdb(String sql) throws SQLException {
        List<List<String>> expected = run(duckdb, sql);
        List<List<String>> actual = run(proteus, sql);
        assertThat(expected).as("DuckDB's result of %s", sql).isNotEmpty();
        assertThat(difference(expected, actual)).as("%s", sql).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // Ranking with ties, NULL partition keys (ss_store_sk) and NULL order keys (ss_quantity).
        "SELECT ss_ticket_number, ss_item_sk, ss_store_sk, ss_quantity,"
                + " rank() OVER (PARTITION BY ss_store_sk ORDER BY ss_quantity DESC) AS r,"
                + " dense_rank() OVER (PARTITION BY ss_store_sk ORDER BY ss_quantity DESC) AS dr,"
                + " percent_rank() OVER (PARTITION BY ss_store_sk ORDER BY ss_quantity) AS pr,"
                + " cume_dist() OVER (PARTITION BY ss_store_sk ORDER BY ss_quantity NULLS FIRST) AS cd,"
                + " row_number() OVER (PARTITION BY ss_store_sk ORDER BY ss_quantity, ss_ticket_number, ss_item_sk) AS rn"
                + " FROM store_sales ORDER BY ss_ticket_number, ss_item_sk",
        // Aggregates over the default frame (RANGE to the current row's last peer) and over whole partitions.
        "SELECT ss_ticket_number, ss_item_sk,"
                + " sum(ss_net_paid) OVER (PARTITION BY ss_store_sk ORDER BY ss_sold_date_sk) AS running_sum,"
                + " count(ss_net_paid) OVER (PARTITION BY ss_store_sk ORDER BY ss_sold_date_sk) AS running_count,"
                + " avg(ss_net_paid) OVER (PARTITION BY ss_store_sk) AS average,"
                + " sum(ss_quantity) OVER (PARTITION BY ss_store_sk) AS quantity,"
                + " min(ss_net_paid) OVER (PARTITION BY ss_customer_sk) AS lowest,"
                + " max(ss_quantity) OVER (PARTITION BY ss_customer_sk ORDER BY ss_sold_date_sk DESC) AS highest,"
                + " count(*) OVER () AS total"
                + " FROM store_sales ORDER BY ss_ticket_number, ss_item_sk",
        // ROWS frames, sliding and to the partition's end, and frame values.
        "SELECT ss_ticket_number, ss_item_sk,"
                + " sum(ss_quantity) OVER w AS sliding,"
                + " avg(ss_net_paid) OVER w AS sliding_average,"
                + " max(ss_net_paid) OVER (PARTITION BY ss_item_sk ORDER BY ss_ticket_number"
                + "   ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest_max,"
                + " first_value(ss_quantity) OVER w AS first_quantity,"
                + " last_value(ss_quantity) OVER w AS last_quantity,"
                + " count(ss_quantity) OVER (PARTITION BY ss_item_sk ORDER BY ss_ticket_number"
                + "   ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS before"
                + " FROM store_sales"
                + " WINDOW w AS (PARTITION BY ss_item_sk ORDER BY ss_ticket_number ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING)"
                + " ORDER BY ss_ticket_number, ss_item_sk",
        // RANGE frames with offsets over an integer key, NULL keys included.
        "SELECT ss_ticket_number, ss_item_sk,"
                + " sum(ss_quantity) OVER (PARTITION BY ss_store_sk ORDER BY ss_sold_date_sk"
                + "   RANGE BETWEEN 30 PRECEDING AND CURRENT ROW) AS last_month,"
                + " count(*) OVER (PARTITION BY ss_store_sk ORDER BY ss_sold_date_sk DESC"
                + "   RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING) AS nearby"
                + " FROM store_sales ORDER BY ss_ticket_number, ss_item_sk",
        // LAG and LEAD with offsets and defaults; NTILE.
        "SELECT ss_ticket_number, ss_item_sk,"
                + " lag(ss_net_paid) OVER w AS previous,"
                + " lag(ss_net_paid, 2, 0) OVER w AS two_before,"
                + " lead(ss_quantity, 1, -1) OVER w AS next_quantity,"
                + " ntile(4) OVER (ORDER BY ss_net_paid, ss_ticket_number, ss_item_sk) AS quartile,"
                + " ntile(3) OVER w AS third"
                + " FROM store_sales WINDOW w AS (PARTITION BY ss_customer_sk ORDER BY ss_ticket_number, ss_item_sk)"
                + " ORDER BY ss_ticket_number, ss_item_sk",
        // Windows over an aggregation over a join, as TPC-DS uses them; several partitionings in one select.
        "SELECT i_category, i_brand, sum(ss_net_paid) AS paid,"
                + " rank() OVER (PARTITION BY i_category ORDER BY sum(ss_net_paid) DESC, i_brand) AS brand_rank,"
                + " sum(ss_net_paid) * 100 / sum(sum(ss_net_paid)) OVER (PARTITION BY i_category) AS share,"
                + " avg(sum(ss_net_paid)) OVER () AS overall"
                + " FROM store_sales JOIN item ON ss_item_sk = i_item_sk"
                + " GROUP BY i_category, i_brand ORDER BY i_category, i_brand",
        // QUALIFY.
        "SELECT ss_store_sk, ss_ticket_number, ss_item_sk, ss_net_paid FROM store_sales"
                + " QUALIFY row_number() OVER (PARTITION BY ss_store_sk ORDER BY ss_net_paid DESC, ss_ticket_number, ss_item_sk) <= 3"
                + " ORDER BY ss_store_sk, ss_ticket_number, ss_item_sk",
        // A filter over window results, which must not be pushed below the window.
        "SELECT * FROM (SELECT ss_item_sk, ss_ticket_number,"
                + " rank() OVER (PARTITION BY ss_item_sk ORDER BY ss_ticket_number) AS r FROM store_sales) ranked"
                + " WHERE r <= 2 AND ss_ticket_number % 2 = 0 ORDER BY ss_item_sk, ss_ticket_number",
    })
    void matchesDuckdb(String sql) throws SQLException {
        assertSameAsDuckdb(sql);
    }

    @Test
    void handComputedResultsOnLiteralRows() throws SQLException {
        String sql = "SELECT k, v,"
                + " rank() OVER (PARTITION BY k ORDER BY v) AS r,"
                + " sum(v) OVER (PARTITION BY k ORDER BY v) AS running_sum,"
                + " sum(v) OVER (PARTITION BY k ORDER BY v ROWS UNBOUNDED PRECEDING) AS running_rows_sum,"
                + " lag(v, 1, -1) OVER (PARTITION BY k ORDER BY v) AS previous,"
                + " count(v) OVER (PARTITION BY k) AS counted"
                + " FROM (VALUES (1, 10), (1, 20), (1, 20), (2, 5), (2, CAST(NULL AS INTEGER)), (CAST(NULL AS INTEGER), 7)) AS t(k, v)"
                + " ORDER BY k, v, running_rows_sum";
        assertThat(run(proteus, sql)).containsExactly(
                List.of("1", "10", "1", "10", "10", "-1", "3"),
                List.of("1", "20", "2", "50", "30", "10", "3"),
                List.of("1", "20", "2", "50", "50", "20", "3"),
                List.of("2", "5", "1", "5", "5", "-1", "1"),
                List.of("2", "NULL", "2", "5", "5", "5", "1"),
                List.of("NULL", "7", "1", "7", "7", "-1", "1"));
    }

    @Test
    void resultTypesFollowTheTypeSystem() throws SQLException {
        try (Statement statement = proteus.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT rank() OVER (ORDER BY ss_quantity) AS r,"
                        + " sum(ss_net_paid) OVER (PARTITION BY ss_store_sk) AS total,"
                        + " avg(ss_quantity) OVER (PARTITION BY ss_store_sk) AS average,"
                        + " lag(ss_net_paid, 1, 0) OVER (ORDER BY ss_ticket_number, ss_item_sk) AS previous"
                        + " FROM store_sales WHERE ss_ticket_number = 1")) {
            ResultSetMetaData metadata = resultSet.getMetaData();
            assertThat(metadata.getColumnType(1)).isEqualTo(Types.BIGINT);
            assertThat(metadata.getColumnType(2)).isEqualTo(Types.DECIMAL);
            assertThat(metadata.getPrecision(2)).isEqualTo(38);
            assertThat(metadata.getScale(2)).isEqualTo(2);
            assertThat(metadata.getColumnType(3)).isEqualTo(Types.DOUBLE);
            assertThat(metadata.getColumnType(4)).isEqualTo(Types.DECIMAL);
            assertThat(metadata.getScale(4)).isEqualTo(2);
            List<BigDecimal> totals = new ArrayList<>();
            while (resultSet.next()) {
                totals.add(resultSet.getBigDecimal(2));
            }
            assertThat(totals).isNotEmpty();
        }
    }

    @Test
    void laterGroupsReuseADistributionTheirKeysInclude() throws SQLException {
        // Partitioned by {store}, then by {item, store}: one exchange serves both; the whole-input group gathers.
        List<List<String>> explained = run(proteus, "EXPLAIN ANALYZE SELECT ss_item_sk,"
                + " rank() OVER (PARTITION BY ss_store_sk ORDER BY ss_net_paid) AS r,"
                + " sum(ss_net_paid) OVER (PARTITION BY ss_item_sk, ss_store_sk) AS s,"
                + " count(*) OVER () AS c FROM store_sales");
        List<String> lines = explained.stream().map(row -> String.join(" ", row)).toList();
        assertThat(lines).filteredOn(line -> line.contains("[WINDOW by")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.contains("[GATHER by")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.matches("\\s*stage \\d+ window input .*")).hasSize(2);
    }

    @Test
    void emptyInputGivesNoRows() throws SQLException {
        assertThat(run(proteus, "SELECT ss_item_sk, rank() OVER (PARTITION BY ss_store_sk ORDER BY ss_quantity),"
                + " sum(ss_quantity) OVER () FROM store_sales WHERE ss_quantity < 0")).isEmpty();
    }
}
