package io.proteus.executor.task;

/** What a task produced into one output partition: rows, Arrow buffer bytes and batches. */
public record PartitionStatistics(int partition, long rows, long bytes, int batches) {
}
