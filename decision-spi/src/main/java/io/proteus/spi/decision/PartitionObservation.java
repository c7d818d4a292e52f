package io.proteus.spi.decision;

/** Rows and bytes observed in one partition of an input, and the worker holding it. */
public record PartitionObservation(int partition, String workerId, long rows, long bytes) {
}
