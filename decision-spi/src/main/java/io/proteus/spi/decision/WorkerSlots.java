package io.proteus.spi.decision;

import static java.util.Objects.requireNonNull;

/** One worker as a decision sees it: its function slots, how many are free, and its memory. */
public record WorkerSlots(String workerId, int totalSlots, int freeSlots, long memoryLimitBytes, long memoryUsedBytes) {

    public WorkerSlots {
        requireNonNull(workerId, "workerId");
    }
}
