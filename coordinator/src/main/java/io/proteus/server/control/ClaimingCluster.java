package io.proteus.server.control;

import static java.util.Objects.requireNonNull;

import io.proteus.server.cluster.Cluster;
import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.spi.decision.ClusterStatus;
import java.util.List;

/**
 * The cluster as one query's private controller sees it: the workers of the underlying {@link Cluster}, each wrapped
 * so that running a task first claims a slot on it from the {@link GlobalController} at the query's priority (and
 * releases it when the task ends), and the slot figures of the controller's shared view.
 */
final class ClaimingCluster implements Cluster {

    private final GlobalController controller;
    private final String queryId;
    private final Priority priority;

    ClaimingCluster(GlobalController controller, String queryId, Priority priority) {
        this.controller = requireNonNull(controller, "controller");
        this.queryId = requireNonNull(queryId, "queryId");
        this.priority = requireNonNull(priority, "priority");
    }

    @Override
    public List<WorkerEndpoint> workers() {
        return controller.cluster().workers().stream()
                .<WorkerEndpoint>map(worker -> new ClaimingWorkerEndpoint(worker, controller, queryId, priority))
                .toList();
    }

    @Override
    public ClusterStatus status() {
        return controller.status();
    }
}
