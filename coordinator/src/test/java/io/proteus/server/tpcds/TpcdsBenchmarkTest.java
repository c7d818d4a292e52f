package io.proteus.server.tpcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TpcdsBenchmarkTest {

    @Test
    void warmsUpEveryQueryOnBothEnginesBeforeMeasuringAny() throws Exception {
        List<String> executed = new ArrayList<>();
        StringWriter output = new StringWriter();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                QueryRunner runner = new QueryRunner(Duration.ofMinutes(1));
                ProgressDisplay display = new ProgressDisplay.Lines(new PrintWriter(output))) {
            Connection proteus = recording("proteus", duckdb, executed);
            Connection reference = recording("duckdb", duckdb, executed);
            BenchmarkReport report = new TpcdsBenchmark(runner, 2)
                    .run(proteus, reference, new TpcdsScale("sf1"), QuerySelection.parse("3,7"), display);

            assertThat(executed).containsExactly(
                    "proteus 03", "duckdb 03", "proteus 07", "duckdb 07",
                    "proteus 03", "duckdb 03", "proteus 03", "duckdb 03",
                    "proteus 07", "duckdb 07", "proteus 07", "duckdb 07");
            assertThat(report.queries()).extracting(QueryBenchmark::query).containsExactly("03", "07");
            // One line per query once its measured runs are over, in the order of the selection.
            assertThat(output.toString().lines().map(line -> line.substring(0, 2))).containsExactly("03", "07");
        }
    }

    /**
     * A connection whose statements record which engine ran which TPC-DS query and then run an empty query on a
     * real DuckDB connection instead.
     */
    private static Connection recording(String engine, Connection target, List<String> executed) {
        InvocationHandler statements = (proxy, method, arguments) -> {
            if (method.getName().equals("createStatement")) {
                Statement statement = target.createStatement();
                return Proxy.newProxyInstance(TpcdsBenchmarkTest.class.getClassLoader(), new Class<?>[] {Statement.class},
                        (statementProxy, statementMethod, statementArguments) -> {
                            if (statementMethod.getName().equals("executeQuery")) {
                                executed.add(engine + " " + queryName((String) statementArguments[0]));
                                return statement.executeQuery("SELECT 1 AS x WHERE false");
                            }
                            return statementMethod.invoke(statement, statementArguments);
                        });
            }
            return method.invoke(target, arguments);
        };
        return (Connection) Proxy.newProxyInstance(TpcdsBenchmarkTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, statements);
    }

    private static String queryName(String sql) {
        for (String query : List.of("03", "07")) {
            if (sql.equals(QueryRunner.statementText(query))) {
                return query;
            }
        }
        return "unknown";
    }
}
