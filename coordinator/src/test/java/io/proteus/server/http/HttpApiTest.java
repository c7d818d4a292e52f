package io.proteus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.TestDataDirectory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HTTP API without users (the loopback default): statements, results, history, cancel, cluster, console files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {

    static final String LONG_QUERY = "SELECT count(*) FROM store_sales a CROSS JOIN catalog_sales b WHERE a.ss_quantity < b.cs_quantity";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private LocalCluster cluster;
    private ApiClient api;

    @BeforeAll
    void start() throws Exception {
        Path dataDirectory = TestDataDirectory.path();
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory).withSlotsPerWorker(2));
        api = ApiClient.anonymous("http://127.0.0.1:" + cluster.httpPort());
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runsAStatementThroughTheQueryManagerWithTypedColumnsAndTheSameRowsAsJdbc() throws Exception {
        String sql = "SELECT i_category, count(*) AS items, sum(i_current_price) AS price, min(i_rec_start_date) AS first_start "
                + "FROM item GROUP BY i_category ORDER BY i_category";
        String queryId = api.submit(sql, "tiny");
        JsonNode view = api.await(queryId, TIMEOUT);
        assertThat(view.get("state").asText()).as(view.toString()).isEqualTo("FINISHED");
        assertThat(view.get("user").asText()).isEqualTo("anonymous");
        List<String> columns = new ArrayList<>();
        view.get("columns").forEach(column -> columns.add(column.get("name").asText() + " " + column.get("type").asText()));
        assertThat(columns).containsExactly("i_category VARCHAR", "items BIGINT", "price DECIMAL(38, 2)", "first_start DATE");

        List<List<String>> httpRows = new ArrayList<>();
        view.get("rows").forEach(row -> {
            List<String> values = new ArrayList<>();
            row.forEach(value -> values.add(value.isNull() ? null : value.asText()));
            httpRows.add(values);
        });
        List<List<String>> jdbcRows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/tiny");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                jdbcRows.add(java.util.Arrays.asList(result.getString(1), result.getString(2),
                        result.getBigDecimal(3) == null ? null : result.getBigDecimal(3).toPlainString(),
                        result.getDate(4) == null ? null : result.getDate(4).toLocalDate().toString()));
            }
        }
        assertThat(httpRows).isEqualTo(jdbcRows).hasSizeGreaterThan(5);
        assertThat(view.get("totalRows").asLong()).isEqualTo(jdbcRows.size());

        // The same path as Flight SQL: the query manager recorded it, with its decisions and workflow graph.
        JsonNode info = view.get("info");
        assertThat(cluster.queryManager().queryInfo(queryId)).isPresent();
        assertThat(info.get("decisions").size()).isGreaterThan(0);
        Set<String> nodeIds = new HashSet<>();
        info.get("workflow").get("nodes").forEach(node -> nodeIds.add(node.get("id").asText()));
        assertThat(nodeIds).contains("result").anyMatch(id -> id.startsWith("scan-")).anyMatch(id -> id.startsWith("aggregate-"));
        info.get("workflow").get("edges").forEach(edge -> assertThat(nodeIds).contains(edge.get("from").asText(), edge.get("to").asText()));
        info.get("decisions").forEach(decision -> {
            String nodeId = decision.get("nodeId").asText();
            if (!nodeId.endsWith("-implicit")) {
                assertThat(nodeIds).contains(nodeId);
            }
            assertThat(decision.get("decision").get("reason").asText()).isNotBlank();
        });
        assertThat(view.get("progress").size()).isEqualTo(info.get("stages").size());
        view.get("progress").forEach(stage -> {
            assertThat(stage.get("state").asText()).isEqualTo("FINISHED");
            assertThat(stage.get("tasksFinished").asInt()).isEqualTo(stage.get("tasks").asInt());
        });
    }

    @Test
    void pagesLargeResults() throws Exception {
        String queryId = api.submit("SELECT ss_ticket_number, ss_item_sk FROM store_sales ORDER BY ss_ticket_number, ss_item_sk LIMIT 2500", "tiny");
        JsonNode first = api.await(queryId, TIMEOUT);
        assertThat(first.get("state").asText()).isEqualTo("FINISHED");
        assertThat(first.get("totalRows").asLong()).isEqualTo(2500);
        assertThat(first.get("rows").size()).isEqualTo(1000);
        assertThat(first.get("nextOffset").asLong()).isEqualTo(1000);
        JsonNode last = api.get("/v1/query/" + queryId + "?offset=2000&limit=1000").json();
        assertThat(last.get("rows").size()).isEqualTo(500);
        assertThat(last.get("nextOffset").isNull()).isTrue();
        JsonNode page = api.get("/v1/query/" + queryId + "?offset=999&limit=2").json();
        assertThat(page.get("rows").get(0)).isEqualTo(first.get("rows").get(999));
        assertThat(page.get("rows").get(1)).isNotEqualTo(first.get("rows").get(999));
        assertThat(api.get("/v1/query/" + queryId + "?limit=100000").status()).isEqualTo(400);
        assertThat(api.get("/v1/query/" + queryId + "?offset=abc").json().get("error").asText()).contains("offset must be a number");
    }

    @Test
    void cancelsARunningQuery() throws Exception {
        String queryId = api.submit(LONG_QUERY, "tiny");
        JsonNode running = api.awaitState(queryId, "RUNNING", TIMEOUT);
        assertThat(running.get("info").get("state").asText()).isEqualTo("RUNNING");
        long started = System.nanoTime();
        ApiClient.Reply cancel = api.delete("/v1/query/" + queryId);
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().get("cancelled").asBoolean()).isTrue();
        JsonNode view = api.await(queryId, Duration.ofSeconds(30));
        assertThat(view.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(view.get("error").asText()).contains("cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(api.delete("/v1/query/" + queryId).json().get("cancelled").asBoolean()).isFalse();
        // The workers stop the query's tasks too: the slots become free again.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int busy;
        do {
            Thread.sleep(100);
            busy = api.get("/v1/cluster").json().get("busySlots").asInt();
        } while (busy > 0 && System.nanoTime() < deadline);
        assertThat(busy).isZero();
    }

    @Test
    void reportsErrorsClearly() throws Exception {
        JsonNode syntax = api.await(api.submit("SELEC 1", "tiny"), TIMEOUT);
        assertThat(syntax.get("state").asText()).isEqualTo("FAILED");
        assertThat(syntax.get("error").asText()).containsIgnoringCase("line 1");
        JsonNode unknown = api.await(api.submit("SELECT * FROM no_such_table", "tiny"), TIMEOUT);
        assertThat(unknown.get("error").asText()).contains("no_such_table");

        ApiClient.Reply empty = api.post("/v1/statement", Map.of("sql", " "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error").asText()).contains("empty");
        ApiClient.Reply property = api.post("/v1/statement", Map.of("sql", "SELECT 1", "properties", Map.of("strategy", "fastest")));
        assertThat(property.status()).isEqualTo(400);
        assertThat(property.json().get("error").asText()).contains("strategy");
        ApiClient.Reply badJson = api.postRaw("/v1/statement", "{\"sql\": ", "application/json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(api.get("/v1/query/no-such-query").status()).isEqualTo(404);
        assertThat(api.get("/v1/nothing").status()).isEqualTo(404);
        assertThat(api.delete("/v1/cluster").status()).isEqualTo(405);
    }

    @Test
    void plainTextStatementsAndSetUseTheSession() throws Exception {
        JsonNode set = api.await(api.submit("SET strategy = 'static-hash'", "tiny"), TIMEOUT);
        assertThat(set.get("state").asText()).isEqualTo("FINISHED");
        try {
            assertThat(api.get("/v1/session").json().get("properties").get("strategy").asText()).isEqualTo("static-hash");
            ApiClient.Reply submitted = api.post("/v1/statement", "SELECT count(*) AS n FROM tpcds.tiny.warehouse");
            JsonNode view = api.await(submitted.json().get("queryId").asText(), TIMEOUT);
            assertThat(view.get("rows").get(0).get(0).asLong()).isPositive();
            assertThat(view.get("info").get("strategy").asText()).isEqualTo("static-hash");
        } finally {
            api.await(api.submit("SET strategy = 'dynamic'", "tiny"), TIMEOUT);
        }
    }

    @Test
    void listsHistoryNewestFirstAndTheClusterWithItsTimeline() throws Exception {
        String first = api.submit("SELECT 1 AS one", "tiny");
        api.await(first, TIMEOUT);
        String second = api.submit("SELECT 2 AS two", "tiny");
        api.await(second, TIMEOUT);
        JsonNode history = api.get("/v1/query").json();
        List<String> ids = new ArrayList<>();
        history.forEach(query -> ids.add(query.get("queryId").asText()));
        assertThat(ids).contains(first, second);
        assertThat(ids.indexOf(second)).isLessThan(ids.indexOf(first));

        Thread.sleep(1200);
        JsonNode clusterView = api.get("/v1/cluster").json();
        assertThat(clusterView.get("workers").size()).isEqualTo(2);
        assertThat(clusterView.get("totalSlots").asInt()).isEqualTo(4);
        JsonNode worker = clusterView.get("workers").get(0);
        assertThat(worker.get("memoryLimitBytes").asLong()).isPositive();
        assertThat(worker.get("address").asText()).startsWith("127.0.0.1:");
        JsonNode timeline = clusterView.get("timeline");
        assertThat(timeline.size()).isPositive();
        JsonNode sample = timeline.get(timeline.size() - 1);
        assertThat(sample.get("totalSlots").asInt()).isEqualTo(4);
        assertThat(sample.get("backgroundSlots").asDouble()).isZero();
        assertThat(sample.get("querySlots").asDouble() + sample.get("idleSlots").asDouble()).isEqualTo(4.0);
    }

    @Test
    void servesTheConsoleFilesButNothingOutsideThem() throws Exception {
        ApiClient.Reply index = api.get("/console/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(index.body()).contains("<div id=\"app\">");
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"").matcher(index.body());
        assertThat(script.find()).isTrue();
        ApiClient.Reply bundle = api.get(script.group(1));
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("cache-control")).contains("public, max-age=31536000, immutable");
        // The bundle holds CodeMirror: nothing is fetched from elsewhere at run time.
        assertThat(bundle.body()).contains("cm-editor").doesNotContain("https://cdn");
        assertThat(api.get("/").status()).isEqualTo(302);
        assertThat(api.get("/console/../../etc/passwd").status()).isEqualTo(404);
        assertThat(api.get("/console/assets/..%2F..%2Fio/proteus/server/LocalCluster.class").status()).isEqualTo(404);
    }
}
