package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Both engines' results for one benchmark query, and whether their answers were right.
 *
 * @param query the query name, such as {@code "03"}
 * @param proteus how Proteus did
 * @param duckdb how DuckDB did
 * @param proteusCheck Proteus' result against the shipped answer, or against DuckDB's where there is no answer
 * @param duckdbCheck DuckDB's result against the shipped answer, where there is one
 */
public record QueryBenchmark(String query, EngineResult proteus, EngineResult duckdb, ResultCheck proteusCheck,
        ResultCheck duckdbCheck) {

    public QueryBenchmark {
        requireNonNull(query, "query");
        requireNonNull(proteus, "proteus");
        requireNonNull(duckdb, "duckdb");
        requireNonNull(proteusCheck, "proteusCheck");
        requireNonNull(duckdbCheck, "duckdbCheck");
    }

    /** Returns whether the query counts in the Proteus/DuckDB ratio: both engines ran it and Proteus' result is not wrong. */
    public boolean comparable() {
        return proteus.succeeded() && duckdb.succeeded() && !proteusCheck.mismatch();
    }

    /** Returns the line printed for this query, such as {@code 03  proteus 0.412s  duckdb 0.031s  13.29x  matches answer}. */
    public String line() {
        StringBuilder line = new StringBuilder(query);
        line.append("  proteus ").append(describe(proteus)).append("  duckdb ").append(describe(duckdb));
        if (proteus.succeeded() && duckdb.succeeded()) {
            double ratio = proteus.medianSeconds().orElseThrow() / duckdb.medianSeconds().orElseThrow();
            line.append(String.format(Locale.ROOT, "  %.2fx", ratio));
        }
        if (proteusCheck.verdict() != ResultCheck.Verdict.UNCHECKED) {
            line.append("  proteus ").append(proteusCheck);
        }
        if (duckdbCheck.mismatch()) {
            line.append("  duckdb ").append(duckdbCheck);
        }
        return line.toString();
    }

    private static String describe(EngineResult result) {
        if (result.succeeded()) {
            return Formatting.seconds(result.medianSeconds().orElseThrow());
        }
        return "ERROR (" + result.error().orElse("no run") + ")";
    }
}
