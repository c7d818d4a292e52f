package io.proteus.server.cluster;

import io.proteus.spi.decision.ClusterStatus;
import java.util.List;
import java.util.Optional;

/**
 * The workers the coordinator may invoke functions on, as seen right now. Membership may change at any time (workers
 * join, leave, or are found dead): {@link #workers()} is a snapshot, and a worker of an earlier snapshot may be gone.
 */
public interface Cluster {

    /** Hears of changes of the membership; called on the thread that made the change, must not block. */
    interface Listener {
        /** A worker joined (or an embedded one was added); it takes tasks from now on. */
        void workerJoined(WorkerEndpoint worker);

        /** A worker left or was found dead; what it held is lost. */
        void workerLeft(String workerId, String reason);
    }

    /** Registers a listener of joins and departures (a fixed set of workers never calls it). */
    default void addListener(Listener listener) {
    }

    /** The live workers that accept tasks, in the order they joined. */
    List<WorkerEndpoint> workers();

    /** The live worker with this id, if any. */
    default Optional<WorkerEndpoint> find(String workerId) {
        return workers().stream().filter(worker -> worker.workerId().equals(workerId)).findFirst();
    }

    /** The live worker with this id; throws {@link WorkerLostException} if it is not (or no longer) a member. */
    default WorkerEndpoint worker(String workerId) {
        return find(workerId).orElseThrow(() -> new WorkerLostException(workerId, "it is not a live member of the cluster"));
    }

    /** Whether the worker is a live member, as far as the coordinator knows now (no call to the worker). */
    default boolean isAlive(String workerId) {
        return find(workerId).isPresent();
    }

    /**
     * Whether the worker is alive, asking it if needed: a worker that does not answer is marked dead (and removed)
     * at once, without waiting for its heartbeats to time out. Used after a failure that a lost worker may explain.
     */
    default boolean confirmAlive(String workerId) {
        return isAlive(workerId);
    }

    /** Every member with its state, including workers that are shutting down (which {@link #workers()} leaves out). */
    default List<WorkerNode> nodes() {
        return workers().stream()
                .map(worker -> new WorkerNode(worker.workerId(), worker.address(), WorkerNode.ACTIVE, worker.status()))
                .toList();
    }

    default ClusterStatus status() {
        return new ClusterStatus(workers().stream().map(WorkerEndpoint::status).toList());
    }
}
