package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.tpcds.AnswerComparison;
import io.proteus.tpcds.TpcdsQueries;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The decision workflow seen through JDBC on a real local cluster: TPC-DS query 72 under the three strategies (each
 * right, each deciding differently), its runtime information in {@code system.runtime.*} and EXPLAIN ANALYZE, and
 * decisions that feed the next run of the same query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionWorkflowJdbcTest {

    private LocalCluster cluster;
    private Connection connection;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withSlotsPerWorker(2)
                .withDataDirectory(TestDataDirectory.path()));
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

    private static String query72() {
        String sql = TpcdsQueries.query("72").strip();
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Rows of a query; each {@code ?} is replaced by the next value as a string literal (values here are ids). */
    private List<List<String>> rows(String sql, String... values) throws SQLException {
        String text = sql;
        for (String value : values) {
            text = text.replaceFirst("\\?", "'" + value.replace("'", "''") + "'");
        }
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet resultSet = statement.executeQuery(text)) {
                int columns = resultSet.getMetaData().getColumnCount();
                while (resultSet.next()) {
                    List<String> row = new ArrayList<>();
                    for (int column = 1; column <= columns; column++) {
                        row.add(resultSet.getString(column));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Runs query 72 under a strategy, checks its answer, and returns the id the coordinator gave it. */
    private String runQuery72(String strategy) throws SQLException {
        execute("SET strategy = '" + strategy + "'");
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(query72())) {
            Optional<String> difference = AnswerComparison.difference(
                    AnswerComparison.answerRows(TpcdsQueries.answerLines("sf1", "72").orElseThrow()),
                    AnswerComparison.readRows(resultSet));
            assertThat(difference).as("query 72 under %s", strategy).isEmpty();
        }
        List<List<String>> latest = rows("SELECT query_id, state, strategy, slot_seconds, bytes_shuffled + bytes_shared, decisions "
                + "FROM system.runtime.queries WHERE strategy = ? AND query LIKE '%inventory%' AND query NOT LIKE '%system%' "
                + "ORDER BY started DESC LIMIT 1", strategy);
        assertThat(latest).hasSize(1);
        assertThat(latest.get(0).get(1)).isEqualTo("FINISHED");
        assertThat(Double.parseDouble(latest.get(0).get(3))).as("slot-seconds").isPositive();
        // The local cluster's workers share one process: exchanged bytes are shared in place rather than sent.
        assertThat(Long.parseLong(latest.get(0).get(4))).as("bytes exchanged (over the network or shared)").isPositive();
        assertThat(Integer.parseInt(latest.get(0).get(5))).as("decisions").isGreaterThan(10);
        return latest.get(0).get(0);
    }

    private Map<String, Set<String>> joinImplementations(String queryId) throws SQLException {
        Map<String, Set<String>> byNode = new HashMap<>();
        for (List<String> row : rows("SELECT node_id, implementation, placement, reason FROM system.runtime.decisions "
                + "WHERE query_id = ? AND decision_point = 'JOIN'", queryId)) {
            assertThat(row.get(3)).as("reason of %s", row.get(0)).isNotBlank();
            byNode.computeIfAbsent("implementations", key -> new TreeSet<>()).add(row.get(1));
            byNode.computeIfAbsent("placements", key -> new TreeSet<>()).add(row.get(2));
        }
        return byNode;
    }

    @Test
    void query72UnderEachStrategyIsRightAndDecidesDifferently() throws SQLException {
        try {
            Map<String, Set<String>> merge = joinImplementations(runQuery72("static-merge"));
            Map<String, Set<String>> hash = joinImplementations(runQuery72("static-hash"));
            Map<String, Set<String>> dynamic = joinImplementations(runQuery72("dynamic"));
            assertThat(merge.get("implementations")).containsExactly("shuffle-merge-join");
            assertThat(hash.get("implementations")).doesNotContain("shuffle-merge-join").contains("broadcast-hash-join");
            assertThat(dynamic.get("implementations")).contains("broadcast-hash-join");
            assertThat(dynamic.get("implementations")).isNotEqualTo(merge.get("implementations"));
        } finally {
            execute("SET strategy = 'dynamic'");
        }
    }

    @Test
    void explainAnalyzeShowsDecisionsStagesAndCost() throws SQLException {
        String text = String.join("\n", rows("EXPLAIN ANALYZE " + query72()).stream().map(row -> row.get(0)).toList());
        assertThat(text).contains("strategy=dynamic").contains("slot-seconds (cost)").contains("bytes shuffled")
                .contains("Decision workflow:").contains("Decisions:").contains("Stages:")
                .contains("[JOIN by proteus.join]").contains("observed: ").contains("reason: ");
        // A second run of the same workflow starts from what the first one observed at its joins.
        String again = String.join("\n", rows("EXPLAIN ANALYZE " + query72()).stream().map(row -> row.get(0)).toList());
        assertThat(again).contains("as an earlier run observed it");
    }

    @Test
    void nodesTableListsCoordinatorAndWorkers() throws SQLException {
        List<List<String>> nodes = rows("SELECT node_id, coordinator, state, slots FROM system.runtime.nodes ORDER BY node_id");
        assertThat(nodes).containsExactly(
                List.of("coordinator", "true", "active", "0"),
                List.of("worker-0", "false", "active", "2"),
                List.of("worker-1", "false", "active", "2"));
    }

    @Test
    void stagesTableAddsUpToTheQueryCost() throws SQLException {
        rows("SELECT count(*) FROM store_sales WHERE ss_quantity > 50");
        List<List<String>> query = rows("SELECT query_id, slot_seconds, stages FROM system.runtime.queries "
                + "WHERE query = 'SELECT count(*) FROM store_sales WHERE ss_quantity > 50'");
        assertThat(query).hasSize(1);
        List<List<String>> stages = rows("SELECT sum(slot_seconds), count(*), sum(tasks) FROM system.runtime.stages "
                + "WHERE query_id = ?", query.get(0).get(0));
        assertThat(Double.parseDouble(stages.get(0).get(0))).isCloseTo(Double.parseDouble(query.get(0).get(1)),
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(stages.get(0).get(1)).isEqualTo(query.get(0).get(2));
        assertThat(Long.parseLong(stages.get(0).get(2))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void sessionPlacementForcesThePlacementOfEveryDecision() throws SQLException {
        String sql = "SELECT s_store_name, count(*) FROM store_sales JOIN store ON ss_store_sk = s_store_sk "
                + "GROUP BY s_store_name ORDER BY s_store_name";
        Map<String, List<List<String>>> results = new HashMap<>();
        for (String placement : List.of("round-robin", "pack")) {
            try (Connection forced = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/sf1");
                    Statement statement = forced.createStatement()) {
                statement.execute("SET placement = '" + placement + "'");
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet resultSet = statement.executeQuery(sql)) {
                    while (resultSet.next()) {
                        rows.add(List.of(resultSet.getString(1), resultSet.getString(2)));
                    }
                }
                results.put(placement, rows);
            }
            String queryId = rows("SELECT query_id FROM system.runtime.queries WHERE query = ? ORDER BY started DESC LIMIT 1",
                    sql).get(0).get(0);
            List<List<String>> decisions = rows("SELECT placement, reason FROM system.runtime.decisions WHERE query_id = ?",
                    queryId);
            String expected = placement.equals("pack") ? "PACK" : "ROUND_ROBIN";
            assertThat(decisions).hasSizeGreaterThanOrEqualTo(4).allSatisfy(decision -> {
                assertThat(decision.get(0)).isEqualTo(expected);
                assertThat(decision.get(1)).contains("(placement = '" + placement + "')");
            });
            // Left alone, the gather packs and the scans spread: under either placement one of them was overridden.
            assertThat(decisions).anyMatch(decision -> decision.get(1).contains("forced by the session"));
        }
        assertThat(results.get("pack")).isNotEmpty().isEqualTo(results.get("round-robin"));
    }
}
