package io.proteus.server.http;

import io.proteus.server.cluster.SlotSample;
import java.util.List;

/**
 * The answer of {@code GET /v1/cluster}: the workers with their slots and memory, the totals, the queries running,
 * and the per-second timeline of slot allocation (oldest first).
 *
 * @param workers every worker
 * @param totalSlots slots of all workers
 * @param busySlots slots running a function now
 * @param runningQueries queries running now
 * @param timeline slot allocation per second
 */
public record ClusterView(List<Worker> workers, int totalSlots, int busySlots, int runningQueries, List<SlotSample> timeline) {

    public ClusterView {
        workers = List.copyOf(workers);
        timeline = List.copyOf(timeline);
    }

    /**
     * One worker.
     *
     * @param workerId its id
     * @param address host and port of its Flight server
     * @param totalSlots its function slots
     * @param busySlots slots running a function now
     * @param memoryLimitBytes its memory limit
     * @param memoryUsedBytes Arrow memory it holds now
     */
    public record Worker(String workerId, String address, int totalSlots, int busySlots, long memoryLimitBytes,
            long memoryUsedBytes) {
    }
}
