package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.WorkerSlots;

/**
 * A member of the cluster as {@code system.runtime.nodes} lists it.
 *
 * @param workerId its node id
 * @param address {@code host:port} of its Flight server
 * @param state {@code active} (takes tasks) or {@code shutting_down} (finishes its tasks, takes no new ones)
 * @param slots its slots and memory, as last reported
 */
public record WorkerNode(String workerId, String address, String state, WorkerSlots slots) {

    public static final String ACTIVE = "active";
    public static final String SHUTTING_DOWN = "shutting_down";

    public WorkerNode {
        requireNonNull(workerId, "workerId");
        requireNonNull(address, "address");
        requireNonNull(state, "state");
        requireNonNull(slots, "slots");
    }
}
