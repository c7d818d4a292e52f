package io.proteus.server.tpcds;

/** The verdict on one query of a TPC-DS run. */
public enum QueryStatus {
    /** The query ran and its result matches the expected answer. */
    PASS,
    /** The query ran but its result differs from the expected answer. */
    FAIL,
    /** The query failed with an error or ran out of time. */
    ERROR,
    /** The query ran; there is no expected answer at this scale to check its result with. */
    RAN;

    /** Returns whether the verdict counts as a failure of the run. */
    public boolean failed() {
        return this == FAIL || this == ERROR;
    }
}
