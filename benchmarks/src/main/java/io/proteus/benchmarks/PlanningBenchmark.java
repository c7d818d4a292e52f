package io.proteus.benchmarks;

import io.proteus.executor.task.FileSplit;
import io.proteus.planner.WorkflowPlanner;
import io.proteus.sql.PlannedQuery;
import io.proteus.sql.SessionContext;
import io.proteus.sql.SqlFrontend;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import io.proteus.tpcds.TpcdsCatalog;
import io.proteus.tpcds.TpcdsQueries;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.rel.RelNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What planning costs a query before any function runs: parsing, validation, Calcite's logical optimisation (join
 * ordering among it) and the translation into a decision workflow, for TPC-DS queries at SF1. {@code query} {@code all}
 * plans the 99 queries one after the other (the planning share of a whole TPC-DS run); a number plans that query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-Xmx2g", "-Xss4m"})
public class PlanningBenchmark {

    private static final SessionContext SESSION = new SessionContext("tpcds", "sf1", Map.of());

    @Param({"all", "64", "72"})
    public String query;

    private SqlFrontend frontend;
    private List<String> texts;

    @Setup
    public void setUp() {
        frontend = new SqlFrontend(List.of(new MetadataOnlyTpcdsConnector()));
        List<String> names = query.equals("all") ? TpcdsQueries.names() : List.of(query);
        texts = names.stream().map(TpcdsQueries::query).map(PlanningBenchmark::withoutTerminator).toList();
    }

    @Benchmark
    public int plan() {
        int nodes = 0;
        for (String text : texts) {
            PlannedQuery planned = frontend.plan(frontend.parse(text).query(), SESSION);
            RelNode workflow = WorkflowPlanner.toWorkflow(planned.plan());
            nodes += workflow.getId();
        }
        return nodes;
    }

    private static String withoutTerminator(String text) {
        String trimmed = text.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** The TPC-DS catalog's tables and statistics without data: planning never scans. */
    private static final class MetadataOnlyTpcdsConnector implements Connector {

        @Override
        public String catalogName() {
            return "tpcds";
        }

        @Override
        public Set<String> schemaNames() {
            return TpcdsCatalog.schemaNames();
        }

        @Override
        public List<TableMetadata> tables(String schemaName) {
            double scaleFactor = TpcdsCatalog.scaleFactor(schemaName);
            return TpcdsCatalog.tables().stream()
                    .map(table -> new TableMetadata(table.name(), table.arrowSchema(), table.estimatedRowCount(scaleFactor),
                            List.of(table.primaryKey())))
                    .toList();
        }

        @Override
        public List<FileSplit> splits(String schemaName, String tableName) {
            throw new UnsupportedOperationException("planning benchmarks never scan");
        }
    }
}
