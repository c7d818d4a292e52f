/**
 * The leaves of a task's pipeline: table scans over Arrow IPC files (memory-mapped, column-pruned) and exchange sources
 * reading upstream output partitions through the data plane.
 */
package io.proteus.executor.scan;
