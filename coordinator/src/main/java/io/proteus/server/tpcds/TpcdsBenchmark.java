package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.AnswerComparison;
import io.proteus.tpcds.TableData;
import io.proteus.tpcds.TpcdsDataStore;
import io.proteus.tpcds.TpcdsQueries;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Benchmarks TPC-DS queries on Proteus against DuckDB in two passes. The warm-up pass runs every query once on each
 * engine and checks the results (Proteus' against the shipped answer, or against DuckDB's where there is no answer),
 * so that both engines are warm (Proteus' JIT-compiled operators, DuckDB's caches) before anything is measured. The
 * measured pass then runs each query on both engines, alternating. An engine that fails a query (an error, a time-out) is not run on it again;
 * the benchmark goes on with the next query.
 */
public final class TpcdsBenchmark {

    /** The engine name of Proteus in reports. */
    public static final String PROTEUS = "proteus";

    /** The engine name of DuckDB in reports. */
    public static final String DUCKDB = "duckdb";

    private final QueryRunner queryRunner;
    private final int runs;

    /**
     * Creates a benchmark.
     *
     * @param runs the number of measured runs per query and engine, at least 1
     */
    public TpcdsBenchmark(QueryRunner queryRunner, int runs) {
        this.queryRunner = requireNonNull(queryRunner, "queryRunner");
        if (runs < 1) {
            throw new IllegalArgumentException("The number of runs must be at least 1: " + runs);
        }
        this.runs = runs;
    }

    /** Returns the number of progress steps {@link #run} makes for a number of queries. */
    public long steps(int queries) {
        return (long) queries * 2 * (runs + 1);
    }

    /**
     * Loads the tables the queries read into DuckDB, generating them first where they were not generated yet; one
     * progress step per table.
     */
    public static void load(DuckDbDatabase duckdb, TpcdsDataStore dataStore, TpcdsScale scale, Set<String> tables,
            ProgressDisplay display) throws SQLException, IOException {
        requireNonNull(duckdb, "duckdb");
        requireNonNull(dataStore, "dataStore");
        requireNonNull(scale, "scale");
        requireNonNull(display, "display");
        for (String table : tables) {
            display.working("loading " + table + " into DuckDB");
            long start = System.nanoTime();
            TableData data = dataStore.table(scale.schema(), table);
            duckdb.load(data);
            display.println(String.format(Locale.ROOT, "loaded %s.%s into DuckDB: %,d rows in %s", scale, table,
                    data.rowCount(), Formatting.seconds(Duration.ofNanos(System.nanoTime() - start))));
            display.step();
        }
    }

    /** Runs the benchmark, printing one line per query as its measured runs finish. */
    public BenchmarkReport run(Connection proteus, Connection duckdb, TpcdsScale scale, QuerySelection selection,
            ProgressDisplay display) {
        requireNonNull(proteus, "proteus");
        requireNonNull(duckdb, "duckdb");
        requireNonNull(scale, "scale");
        requireNonNull(selection, "selection");
        requireNonNull(display, "display");
        List<WarmUp> warmUps = new ArrayList<>();
        for (String query : selection.queries()) {
            warmUps.add(warmUp(query, proteus, duckdb, scale, display));
        }
        List<QueryBenchmark> results = new ArrayList<>();
        for (WarmUp warmUp : warmUps) {
            QueryBenchmark result = measure(warmUp, proteus, duckdb, display);
            results.add(result);
            display.println(result.line());
        }
        return new BenchmarkReport(scale, runs, results);
    }

    /** A query's checked warm-up runs on both engines, before its measured runs. */
    private record WarmUp(String query, String sql, QueryRun proteus, QueryRun duckdb, ResultCheck proteusCheck,
            ResultCheck duckdbCheck) {
        WarmUp {
            requireNonNull(query, "query");
            requireNonNull(sql, "sql");
            requireNonNull(proteus, "proteus");
            requireNonNull(duckdb, "duckdb");
            requireNonNull(proteusCheck, "proteusCheck");
            requireNonNull(duckdbCheck, "duckdbCheck");
        }
    }

    private WarmUp warmUp(String query, Connection proteus, Connection duckdb, TpcdsScale scale,
            ProgressDisplay display) {
        String sql = QueryRunner.statementText(query);
        display.working("query " + query + ": warm-up on Proteus");
        QueryRun proteusWarmUp = queryRunner.run(proteus, sql);
        display.step();
        display.working("query " + query + ": warm-up on DuckDB");
        QueryRun duckdbWarmUp = queryRunner.run(duckdb, sql);
        display.step();

        Optional<List<String>> answer = TpcdsQueries.answerLines(scale.schema(), query).map(AnswerComparison::answerRows);
        ResultCheck proteusCheck;
        ResultCheck duckdbCheck = ResultCheck.unchecked();
        if (answer.isPresent()) {
            proteusCheck = check(proteusWarmUp, answer, "answer");
            duckdbCheck = check(duckdbWarmUp, answer, "answer");
        } else {
            Optional<List<String>> duckdbRows = duckdbWarmUp instanceof QueryRun.Completed completed
                    ? Optional.of(completed.rows())
                    : Optional.empty();
            proteusCheck = check(proteusWarmUp, duckdbRows, DUCKDB);
        }
        return new WarmUp(query, sql, proteusWarmUp, duckdbWarmUp, proteusCheck, duckdbCheck);
    }

    private QueryBenchmark measure(WarmUp warmUp, Connection proteus, Connection duckdb, ProgressDisplay display) {
        String query = warmUp.query();
        Measurement proteusRuns = new Measurement(PROTEUS, warmUp.proteus());
        Measurement duckdbRuns = new Measurement(DUCKDB, warmUp.duckdb());
        for (int run = 1; run <= runs; run++) {
            display.working("query " + query + ": run " + run + " of " + runs + " on Proteus");
            proteusRuns.measure(proteus, warmUp.sql());
            display.step();
            display.working("query " + query + ": run " + run + " of " + runs + " on DuckDB");
            duckdbRuns.measure(duckdb, warmUp.sql());
            display.step();
        }
        return new QueryBenchmark(query, proteusRuns.result(), duckdbRuns.result(), warmUp.proteusCheck(),
                warmUp.duckdbCheck());
    }

    /** Checks a run's rows against expected rows, when both exist. */
    static ResultCheck check(QueryRun run, Optional<List<String>> expectedRows, String reference) {
        if (!(run instanceof QueryRun.Completed completed) || expectedRows.isEmpty()) {
            return ResultCheck.unchecked();
        }
        return AnswerComparison.difference(expectedRows.get(), completed.rows())
                .map(difference -> new ResultCheck(ResultCheck.Verdict.MISMATCH, reference, difference))
                .orElseGet(() -> new ResultCheck(ResultCheck.Verdict.MATCH, reference, ""));
    }

    /** The measured runs of one engine on one query; stops measuring at the first failure. */
    private final class Measurement {
        private final String engine;
        private final List<Duration> times = new ArrayList<>();
        private Optional<String> error;

        Measurement(String engine, QueryRun warmUp) {
            this.engine = engine;
            this.error = warmUp instanceof QueryRun.Failed failed ? Optional.of(failed.message()) : Optional.empty();
        }

        void measure(Connection connection, String sql) {
            if (error.isPresent()) {
                return;
            }
            switch (queryRunner.run(connection, sql)) {
                case QueryRun.Completed completed -> times.add(completed.elapsed());
                case QueryRun.Failed failed -> error = Optional.of(failed.message());
            }
        }

        EngineResult result() {
            return new EngineResult(engine, times, error);
        }
    }
}
