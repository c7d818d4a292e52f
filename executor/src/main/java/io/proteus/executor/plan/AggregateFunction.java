package io.proteus.executor.plan;

/**
 * Aggregate functions and the columns of their intermediate state (the output of {@link AggregateStep#PARTIAL} and
 * the input of {@link AggregateStep#FINAL}), in order.
 */
public enum AggregateFunction {
    /** {@code count(*)}; no arguments. State: BIGINT count. */
    COUNT_STAR,
    /** {@code count(x)}, counting non-null values. State: BIGINT count. */
    COUNT,
    /** State: the sum in the call's result type (NULL when no non-null input). */
    SUM,
    /** State: the minimum in the call's result type. */
    MIN,
    /** State: the maximum in the call's result type. */
    MAX,
    /**
     * Average; the result type is DOUBLE or DECIMAL as the call says. State: the exact sum (BIGINT for integer input,
     * DECIMAL(38, s) for DECIMAL(p, s) input, DOUBLE for DOUBLE input) and a BIGINT count.
     */
    AVG,
    /** Sample standard deviation. State: DOUBLE count, DOUBLE mean, DOUBLE sum of squared deviations (Welford). */
    STDDEV_SAMP,
    /** Population standard deviation. State as {@link #STDDEV_SAMP}. */
    STDDEV_POP,
    /** Sample variance. State as {@link #STDDEV_SAMP}. */
    VAR_SAMP,
    /** Population variance. State as {@link #STDDEV_SAMP}. */
    VAR_POP,
    /** Any one value of the group (used for columns functionally dependent on the keys). State: that value. */
    ANY_VALUE,
    /**
     * The value of a scalar sub-query: the group's only value, NULL over no rows, an error over more than one row.
     * State: the value in the call's type and a BIGINT row count.
     */
    SINGLE_VALUE
}
