package io.proteus.spi.decision;

import java.util.List;

/** The cluster at the moment of a decision. */
public record ClusterStatus(List<WorkerSlots> workers) {

    public ClusterStatus {
        workers = List.copyOf(workers);
    }

    public int totalSlots() {
        return workers.stream().mapToInt(WorkerSlots::totalSlots).sum();
    }

    public int freeSlots() {
        return workers.stream().mapToInt(WorkerSlots::freeSlots).sum();
    }

    public int workerCount() {
        return workers.size();
    }
}
