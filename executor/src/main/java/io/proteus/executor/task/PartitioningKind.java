package io.proteus.executor.task;

/** How a task distributes its output rows over its output partitions. */
public enum PartitioningKind {
    /** All rows in partition 0 (gather to one consumer). */
    SINGLE,
    /** Rows go to partition {@code hash(keys) mod count}; equal keys always land in the same partition. */
    HASH,
    /** All rows in partition 0, read by every consumer task (each worker fetches it once). */
    BROADCAST
}
