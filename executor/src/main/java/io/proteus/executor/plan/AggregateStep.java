package io.proteus.executor.plan;

/** Which half of a two-phase aggregation an {@link AggregateNode} computes. */
public enum AggregateStep {
    /** Raw rows in, final values out (one phase). */
    SINGLE,
    /** Raw rows in, group keys plus intermediate states out (see {@link AggregateFunction}). */
    PARTIAL,
    /** Group keys plus intermediate states in (as produced by PARTIAL), final values out. */
    FINAL
}
