package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A snapshot of a worker's load, as returned by the {@code proteus.status} action: its function slots and how many are
 * busy, the tasks waiting for a slot, its Arrow memory use against its limit, the bytes of task output its buffer store
 * holds and the ids of the tasks running now ({@code queryId/s<stage>/t<task>/a<attempt>}).
 */
public record WorkerStatus(String workerId, String address, int totalSlots, int busySlots, int queuedTasks,
        long memoryAllocatedBytes, long memoryLimitBytes, long bufferBytesHeld, List<String> runningTaskIds) {

    public WorkerStatus {
        requireNonNull(workerId, "workerId");
        requireNonNull(address, "address");
        runningTaskIds = List.copyOf(runningTaskIds);
    }
}
