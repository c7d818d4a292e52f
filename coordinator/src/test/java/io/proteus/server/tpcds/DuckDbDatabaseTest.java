package io.proteus.server.tpcds;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.server.TestDataDirectory;
import io.proteus.tpcds.TableData;
import io.proteus.tpcds.TpcdsDataStore;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Loads a generated table into DuckDB and runs queries on it through the {@link QueryRunner}: the declared column
 * types, every row, and the runner's handling of errors and time-outs.
 */
class DuckDbDatabaseTest {

    static Path dataDirectory() {
        return TestDataDirectory.path();
    }

    @Test
    void loadsGeneratedTableWithReferenceTypesAndAllRows() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                TpcdsDataStore dataStore = new TpcdsDataStore(dataDirectory(), allocator);
                DuckDbDatabase duckdb = DuckDbDatabase.open(allocator)) {
            TableData item = dataStore.table("tiny", "item");
            duckdb.load(item);
            duckdb.load(item);
            assertThat(duckdb.tables()).containsExactly("item");

            Map<String, String> types = new LinkedHashMap<>();
            try (Statement statement = duckdb.connection().createStatement();
                    ResultSet columns = statement.executeQuery("DESCRIBE item")) {
                while (columns.next()) {
                    types.put(columns.getString("column_name"), columns.getString("column_type"));
                }
            }
            assertThat(types).containsEntry("i_item_sk", "INTEGER")
                    .containsEntry("i_item_id", "VARCHAR")
                    .containsEntry("i_rec_start_date", "DATE")
                    .containsEntry("i_current_price", "DECIMAL(7,2)")
                    .hasSize(22);

            try (QueryRunner runner = new QueryRunner(Duration.ofSeconds(60))) {
                QueryRun count = runner.run(duckdb.connection(),
                        "SELECT count(*), count(DISTINCT i_item_sk), sum(i_current_price) > 0 FROM item");
                assertThat(count).isInstanceOfSatisfying(QueryRun.Completed.class, completed ->
                        assertThat(completed.rows()).containsExactly(item.rowCount() + "|" + item.rowCount() + "|true"));
                QueryRun firstItem = runner.run(duckdb.connection(),
                        "SELECT i_item_sk, i_rec_start_date, i_current_price FROM item ORDER BY i_item_sk LIMIT 1");
                assertThat(firstItem).isInstanceOfSatisfying(QueryRun.Completed.class, completed ->
                        assertThat(completed.rows()).singleElement().asString().matches("1\\|\\d{4}-\\d{2}-\\d{2}\\|\\d+\\.\\d{2}"));
            }
        }
    }

    @Test
    void runnerReportsErrorsAndCancelsQueriesThatRunTooLong() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                DuckDbDatabase duckdb = DuckDbDatabase.open(allocator);
                QueryRunner runner = new QueryRunner(Duration.ofMillis(500))) {
            QueryRun missing = runner.run(duckdb.connection(), "SELECT * FROM no_such_table");
            assertThat(missing).isInstanceOfSatisfying(QueryRun.Failed.class, failed -> {
                assertThat(failed.timedOut()).isFalse();
                assertThat(failed.message()).contains("no_such_table").doesNotContain("\n");
            });

            QueryRun endless = runner.run(duckdb.connection(),
                    "SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = -1");
            assertThat(endless).isInstanceOfSatisfying(QueryRun.Failed.class, failed -> {
                assertThat(failed.timedOut()).isTrue();
                assertThat(failed.message()).isEqualTo("timed out after 500 ms and was cancelled");
                assertThat(failed.elapsed()).isLessThan(Duration.ofSeconds(30));
            });

            QueryRun afterwards = runner.run(duckdb.connection(), "SELECT 42");
            assertThat(afterwards).isInstanceOfSatisfying(QueryRun.Completed.class, completed ->
                    assertThat(completed.rows()).isEqualTo(List.of("42")));
        }
    }
}
