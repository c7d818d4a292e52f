package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a finished task reports to its private controller: the per-partition statistics of its output (the observed data
 * distribution decision nodes read), the input it consumed, and its wall and CPU time.
 */
public record TaskResult(String queryId, int stageId, int taskIndex, String workerId,
        List<PartitionStatistics> partitions, long inputRows, long inputBytes, long bytesFetchedRemotely,
        long bytesSharedLocally, long wallNanos, long peakMemoryBytes) {

    public TaskResult {
        requireNonNull(queryId, "queryId");
        requireNonNull(workerId, "workerId");
        partitions = List.copyOf(partitions);
    }

    public long outputRows() {
        return partitions.stream().mapToLong(PartitionStatistics::rows).sum();
    }

    public long outputBytes() {
        return partitions.stream().mapToLong(PartitionStatistics::bytes).sum();
    }
}
