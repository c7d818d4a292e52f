package io.proteus.spi.decision;

/** The names of the function implementations Proteus offers at its decision points. */
public final class Implementations {

    /** Join: the build side is sent once to every worker; probe partitions stay where they are. */
    public static final String BROADCAST_HASH_JOIN = "broadcast-hash-join";
    /** Join: both sides hash-partitioned on the keys; each instance builds a hash table on its build partition. */
    public static final String SHUFFLE_HASH_JOIN = "shuffle-hash-join";
    /** Join: both sides hash-partitioned on the keys; each instance sorts both partitions and merges them. */
    public static final String SHUFFLE_MERGE_JOIN = "shuffle-merge-join";
    /** Scan of table partitions. */
    public static final String SCAN = "scan";
    /** Final phase of a two-phase hash aggregation over hash-partitioned partial results. */
    public static final String HASH_AGGREGATE = "hash-aggregate";
    /** Window functions over hash-partitioned input; each instance evaluates whole partitions. */
    public static final String PARTITIONED_WINDOW = "partitioned-window";
    /** A single function gathering all rows (ordering, limits, the final result). */
    public static final String GATHER = "gather";

    private Implementations() {
    }
}
