package io.proteus.server.cli;

import io.proteus.server.tpcds.BenchmarkChart;
import io.proteus.server.tpcds.BenchmarkReport;
import io.proteus.server.tpcds.DuckDbDatabase;
import io.proteus.server.tpcds.ProgressDisplay;
import io.proteus.server.tpcds.ProteusTarget;
import io.proteus.server.tpcds.QueryBenchmark;
import io.proteus.server.tpcds.QueryRunner;
import io.proteus.server.tpcds.QueryTables;
import io.proteus.server.tpcds.TpcdsBenchmark;
import io.proteus.tpcds.TpcdsDataStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code proteus bench}: benchmarks Proteus against another engine, or reproduces the paper's experiments. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark Proteus: against another engine (tpcds), the paper's experiments (paper), or slot sharing with background functions (sharing).",
        subcommands = {BenchCommand.Tpcds.class, PaperCommand.class, SharingCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The engines Proteus can be compared with. */
    enum Competitor {
        duckdb
    }

    /** {@code proteus bench tpcds}: the TPC-DS queries on Proteus and on DuckDB, with the same data. */
    @Command(name = "tpcds", mixinStandardHelpOptions = true,
            description = {
                "Run the TPC-DS queries on Proteus and on an in-process DuckDB loaded with the same generated data "
                        + "(only the tables the queries read): first a checked warm-up pass over all the queries on both "
                        + "engines, then --runs measured runs of each query, alternating between the engines.",
                "Writes DIR/tpcds.csv (query,engine,median_seconds; empty where an engine failed) and the chart "
                        + "DIR/tpcds.png, flags results of Proteus that differ from the answer (or, without answers, "
                        + "from DuckDB's), and prints the total ratio Proteus/DuckDB over the queries both ran.",
                "Queries an engine fails do not stop the benchmark; they are listed and left out of the ratio."
            },
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the benchmark ran (whatever the queries did)", "1:it could not run", "2:invalid options"})
    static final class Tpcds implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        TpcdsOptions options;

        @Option(names = "--vs", paramLabel = "ENGINE", required = true,
                description = "The engine to compare with: ${COMPLETION-CANDIDATES}.")
        Competitor competitor;

        @Option(names = "--out", paramLabel = "DIR", required = true,
                description = "Where to write tpcds.csv and tpcds.png.")
        Path outputDirectory;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
                description = "Measured runs per query and engine, after one warm-up run (default ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() throws Exception {
            CommandLine commandLine = spec.commandLine();
            options.validate(commandLine);
            if (runs < 1) {
                throw new ParameterException(commandLine, "--runs must be at least 1, not " + runs);
            }
            PrintWriter out = commandLine.getOut();
            PrintWriter err = commandLine.getErr();
            Files.createDirectories(outputDirectory);
            List<String> queries = options.queries.queries();
            Set<String> tables = QueryTables.referencedByAny(queries.stream().map(QueryRunner::statementText).toList());

            BenchmarkReport report;
            ProteusTarget target = options.target();
            try (BufferAllocator allocator = new RootAllocator();
                    TpcdsDataStore dataStore = new TpcdsDataStore(options.dataDirectory(), allocator);
                    DuckDbDatabase duckdb = DuckDbDatabase.open(allocator);
                    QueryRunner queryRunner = new QueryRunner(options.timeout());
                    TpcdsOptions.ScaledConnection proteus = options.connect(target)) {
                out.printf("Benchmark TPC-DS %s: %d %s, %d measured %s each, Proteus on %s vs DuckDB %s in this process%n",
                        proteus.scale(), queries.size(), queries.size() == 1 ? "query" : "queries", runs,
                        runs == 1 ? "run" : "runs", target.description(), version(duckdb));
                out.flush();
                TpcdsBenchmark benchmark = new TpcdsBenchmark(queryRunner, runs);
                try (ProgressDisplay display = ProgressDisplay.open(out, !options.noProgress,
                        "TPC-DS " + proteus.scale() + " vs DuckDB", tables.size() + benchmark.steps(queries.size()))) {
                    TpcdsBenchmark.load(duckdb, dataStore, proteus.scale(), tables, display);
                    report = benchmark.run(proteus.connection(), duckdb.connection(), proteus.scale(), options.queries, display);
                }
            } catch (SQLException e) {
                err.println("proteus bench tpcds: " + e.getMessage());
                return 1;
            } finally {
                Commands.stop(target, err);
            }

            Path csv = outputDirectory.resolve("tpcds.csv");
            Path chart = outputDirectory.resolve("tpcds.png");
            report.writeCsv(csv);
            BenchmarkChart.writePng(report, chart);
            report.ratio().lines().forEach(out::println);
            long mismatches = report.queries().stream().filter(query -> query.proteusCheck().mismatch()).count();
            if (mismatches > 0) {
                out.println("Proteus results that differ from the reference: " + String.join(" ", report.queries().stream()
                        .filter(query -> query.proteusCheck().mismatch()).map(QueryBenchmark::query).toList()));
            }
            out.println("Wrote " + csv + " and " + chart);
            out.flush();
            return 0;
        }

        private static String version(DuckDbDatabase duckdb) throws SQLException {
            try (Statement statement = duckdb.connection().createStatement();
                    ResultSet resultSet = statement.executeQuery("SELECT version()")) {
                return resultSet.next() ? resultSet.getString(1) : "";
            }
        }
    }
}
