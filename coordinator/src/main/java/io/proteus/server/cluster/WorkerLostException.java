package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

/**
 * A worker left the cluster (it died, stopped answering, or shut down) while the coordinator needed it: a task it ran
 * or a buffer it held is gone. The private controller of a query recovers from it by re-running the lost work on the
 * remaining workers.
 */
public final class WorkerLostException extends RuntimeException {

    private final String workerId;

    public WorkerLostException(String workerId, String reason) {
        super("worker " + requireNonNull(workerId, "workerId") + " was lost: " + requireNonNull(reason, "reason"));
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }
}
