package io.proteus.executor.plan;

/** Join semantics. Output columns are left ++ right, except SEMI and ANTI which output the left columns only. */
public enum JoinType {
    INNER,
    LEFT,
    RIGHT,
    FULL,
    /** Left rows with at least one match. */
    SEMI,
    /** Left rows with no match (the residual condition decides a match; NULL keys never match). */
    ANTI
}
