package io.proteus.server.cluster;

import java.util.List;

/** A fixed set of workers, as in the embedded local cluster. */
public final class StaticCluster implements Cluster {

    private final List<WorkerEndpoint> workers;

    public StaticCluster(List<? extends WorkerEndpoint> workers) {
        this.workers = List.copyOf(workers);
    }

    @Override
    public List<WorkerEndpoint> workers() {
        return workers;
    }
}
