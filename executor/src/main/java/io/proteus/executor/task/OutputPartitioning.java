package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The output layout of a task: kind, hash key columns (for HASH) and number of partitions. */
public record OutputPartitioning(PartitioningKind kind, List<Integer> hashKeys, int partitionCount) {

    public OutputPartitioning {
        requireNonNull(kind, "kind");
        hashKeys = List.copyOf(hashKeys);
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be positive");
        }
        if (kind != PartitioningKind.HASH && partitionCount != 1) {
            throw new IllegalArgumentException(kind + " output has exactly one partition");
        }
        if (kind == PartitioningKind.HASH && hashKeys.isEmpty()) {
            throw new IllegalArgumentException("HASH output needs key columns");
        }
    }

    public static OutputPartitioning single() {
        return new OutputPartitioning(PartitioningKind.SINGLE, List.of(), 1);
    }

    public static OutputPartitioning broadcast() {
        return new OutputPartitioning(PartitioningKind.BROADCAST, List.of(), 1);
    }

    public static OutputPartitioning hash(List<Integer> keys, int partitionCount) {
        return new OutputPartitioning(PartitioningKind.HASH, keys, partitionCount);
    }
}
