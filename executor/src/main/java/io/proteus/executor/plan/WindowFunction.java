package io.proteus.executor.plan;

/**
 * The functions a {@link WindowNode} evaluates, and what their arguments (input columns, in order) mean. Ranking and
 * offset functions ignore the frame; value and aggregate functions read the rows of the current row's frame.
 */
public enum WindowFunction {
    /** The position of the row in its partition, from 1, ties broken by input order. No arguments. */
    ROW_NUMBER,
    /** 1 + the number of rows of the partition that sort strictly before the row (peers share a rank). No arguments. */
    RANK,
    /** 1 + the number of distinct peer groups before the row's own. No arguments. */
    DENSE_RANK,
    /** {@code (rank - 1) / (partition rows - 1)}, 0 for a partition of one row; DOUBLE. No arguments. */
    PERCENT_RANK,
    /** The fraction of the partition's rows that sort before the row or are its peers; DOUBLE. No arguments. */
    CUME_DIST,
    /**
     * The bucket (1..n) of the row when the partition is dealt into n buckets as equal as possible, the first ones one
     * row larger. Argument: n (BIGINT, read from the partition's first row).
     */
    NTILE,
    /**
     * The value of the row {@code offset} rows before in the partition, or the default when there is none.
     * Arguments: value, then optionally offset (BIGINT, default 1) and default (of the result type, default NULL).
     */
    LAG,
    /** As {@link #LAG}, {@code offset} rows after. */
    LEAD,
    /** The value at the first row of the frame (NULL for an empty frame). Argument: value. */
    FIRST_VALUE,
    /** The value at the last row of the frame (NULL for an empty frame). Argument: value. */
    LAST_VALUE,
    /** The value at the n-th row of the frame, from 1 (NULL when the frame is shorter). Arguments: value, n (BIGINT). */
    NTH_VALUE,
    /** The number of rows in the frame; BIGINT. No arguments. */
    COUNT_STAR,
    /** The number of non-null values in the frame; BIGINT. Argument: value. */
    COUNT,
    /**
     * The exact sum of the frame's non-null values, NULL when there are none. Argument: INTEGER or BIGINT (BIGINT
     * result), DECIMAL(p, s) (DECIMAL(q, s) result) or DOUBLE (DOUBLE result).
     */
    SUM,
    /**
     * The average of the frame's non-null values, NULL when there are none: DOUBLE, or DECIMAL rounded half away from
     * zero at the result scale. Argument: INTEGER, BIGINT, DECIMAL or DOUBLE.
     */
    AVG,
    /** The smallest non-null value of the frame. Argument: value, of the result type. */
    MIN,
    /** The largest non-null value of the frame. Argument: value, of the result type. */
    MAX;

    /** Whether the function reads the rows of the frame (rather than the partition's order alone). */
    public boolean usesFrame() {
        return switch (this) {
            case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD -> false;
            case FIRST_VALUE, LAST_VALUE, NTH_VALUE, COUNT_STAR, COUNT, SUM, AVG, MIN, MAX -> true;
        };
    }
}
