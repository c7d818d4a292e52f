package io.proteus.server.cluster;

import io.proteus.spi.decision.ClusterStatus;
import java.util.List;

/** The workers the coordinator may invoke functions on, as seen right now. */
public interface Cluster {

    List<WorkerEndpoint> workers();

    default WorkerEndpoint worker(String workerId) {
        return workers().stream()
                .filter(worker -> worker.workerId().equals(workerId))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown worker " + workerId));
    }

    default ClusterStatus status() {
        return new ClusterStatus(workers().stream().map(WorkerEndpoint::status).toList());
    }
}
