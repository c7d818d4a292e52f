package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

/**
 * Whether an engine's result of a benchmark query was right, and against what it was checked.
 *
 * @param verdict the verdict
 * @param reference what the result was compared with, such as {@code "answer"} or {@code "duckdb"}; empty when it
 *     was not checked
 * @param detail the first difference, for a mismatch; else empty
 */
public record ResultCheck(Verdict verdict, String reference, String detail) {

    /** The verdict of a check. */
    public enum Verdict {
        /** The result matches the reference. */
        MATCH,
        /** The result differs from the reference. */
        MISMATCH,
        /** There was no result or no reference to check with. */
        UNCHECKED
    }

    public ResultCheck {
        requireNonNull(verdict, "verdict");
        requireNonNull(reference, "reference");
        requireNonNull(detail, "detail");
    }

    /** A result that was not checked. */
    public static ResultCheck unchecked() {
        return new ResultCheck(Verdict.UNCHECKED, "", "");
    }

    /** Returns whether the result was checked and differs. */
    public boolean mismatch() {
        return verdict == Verdict.MISMATCH;
    }

    @Override
    public String toString() {
        return switch (verdict) {
            case MATCH -> "matches " + reference;
            case MISMATCH -> "DIFFERS from " + reference + ": " + detail;
            case UNCHECKED -> "not checked";
        };
    }
}
