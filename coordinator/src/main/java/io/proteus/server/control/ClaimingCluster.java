package io.proteus.server.control;

import static java.util.Objects.requireNonNull;

import io.proteus.server.cluster.Cluster;
import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.server.cluster.WorkerNode;
import io.proteus.spi.decision.ClusterStatus;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as one query's private controller sees it: the workers of the underlying {@link Cluster}, each wrapped
 * so that running a task first claims a slot on it from the {@link GlobalController} at the query's priority (and
 * releases it when the task ends), and the slot figures of the controller's shared view.
 */
final class ClaimingCluster implements Cluster {

    private final GlobalController controller;
    private final String queryId;
    private final Priority priority;
    private final Map<WorkerEndpoint, WorkerEndpoint> views = new IdentityHashMap<>();

    ClaimingCluster(GlobalController controller, String queryId, Priority priority) {
        this.controller = requireNonNull(controller, "controller");
        this.queryId = requireNonNull(queryId, "queryId");
        this.priority = requireNonNull(priority, "priority");
    }

    @Override
    public List<WorkerEndpoint> workers() {
        return controller.cluster().workers().stream().map(this::claiming).toList();
    }

    @Override
    public Optional<WorkerEndpoint> find(String workerId) {
        return controller.cluster().find(workerId).map(this::claiming);
    }

    // Liveness, probes, nodes and listeners are the membership's own: claims change none of them.

    @Override
    public boolean isAlive(String workerId) {
        return controller.cluster().isAlive(workerId);
    }

    @Override
    public boolean confirmAlive(String workerId) {
        return controller.cluster().confirmAlive(workerId);
    }

    @Override
    public List<WorkerNode> nodes() {
        return controller.cluster().nodes();
    }

    @Override
    public void addListener(Listener listener) {
        controller.cluster().addListener(listener);
    }

    /**
     * The claiming view of a member, one per member endpoint: the private controller tells a worker restarted under
     * the same id from the one it used by the endpoint's identity, so the view must keep it.
     */
    private WorkerEndpoint claiming(WorkerEndpoint worker) {
        synchronized (views) {
            return views.computeIfAbsent(worker, member -> new ClaimingWorkerEndpoint(member, controller, queryId, priority));
        }
    }

    @Override
    public ClusterStatus status() {
        return controller.status();
    }
}
