package io.proteus.spi.decision;

/** The places in a decision workflow where a decision node runs. */
public enum DecisionPoint {
    /** Before a table scan stage: how many scan functions and where. */
    SCAN,
    /** At an equi-join once its build candidate is materialised: broadcast hash, shuffle hash or shuffle merge join. */
    JOIN,
    /** At a two-phase aggregation: how many final aggregation functions and where. */
    AGGREGATE,
    /** At a gather for ordering or the final result: where the single function runs. */
    GATHER,
    /**
     * At window functions over partitions, once the input is hash-partitioned on the partition keys: how many window
     * functions and where.
     */
    WINDOW
}
