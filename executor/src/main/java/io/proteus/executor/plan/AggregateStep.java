package io.proteus.executor.plan;

/** Which part of a multi-phase aggregation an {@link AggregateNode} computes. */
public enum AggregateStep {
    /** Raw rows in, final values out (one phase). */
    SINGLE,
    /** Raw rows in, group keys plus intermediate states out (see {@link AggregateFunction}). */
    PARTIAL,
    /**
     * Group keys plus intermediate states in (as produced by PARTIAL), group keys plus merged intermediate states out:
     * a pre-aggregated input aggregated again on other keys, still to be finished by FINAL.
     */
    INTERMEDIATE,
    /** Group keys plus intermediate states in (as produced by PARTIAL or INTERMEDIATE), final values out. */
    FINAL;

    /** Whether the input columns of the aggregate calls are intermediate states to merge. */
    public boolean mergesStates() {
        return this == INTERMEDIATE || this == FINAL;
    }

    /** Whether the output holds intermediate states rather than final values. */
    public boolean outputsStates() {
        return this == PARTIAL || this == INTERMEDIATE;
    }
}
