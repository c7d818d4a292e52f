package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.WorkerStatus;

/**
 * What a worker process sends the coordinator every heartbeat interval: who it is, where other workers and the
 * coordinator reach it, and its load. The first heartbeat registers the worker; a worker that stops sending them is
 * marked dead. A worker that is shutting down says so, and gets no new tasks.
 *
 * @param workerId the worker's node id, unique in the cluster
 * @param address {@code host:port} of its Flight server as others reach it (its advertised address)
 * @param incarnation changes each time the worker process starts, so that a restarted worker with the same id is
 *     told apart from the one that died
 * @param shuttingDown whether the worker is leaving the cluster
 * @param status its slots, memory and running functions
 */
public record WorkerHeartbeat(String workerId, String address, String incarnation, boolean shuttingDown,
        WorkerStatus status) {

    public WorkerHeartbeat {
        requireNonNull(workerId, "workerId");
        requireNonNull(address, "address");
        requireNonNull(incarnation, "incarnation");
        requireNonNull(status, "status");
    }
}
