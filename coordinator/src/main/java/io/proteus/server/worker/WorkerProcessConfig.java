package io.proteus.server.worker;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of a worker process ({@code bin/proteus worker}).
 *
 * @param coordinatorAddress {@code host:port} of the coordinator's cluster endpoint
 * @param nodeId the worker's id in the cluster, unique
 * @param host the address its Flight server binds to
 * @param port its Flight port (0 picks a free one)
 * @param advertiseAddress the host other workers and the coordinator reach it at
 * @param slots function slots (tasks run at once)
 * @param memoryBytes the budget of its Arrow allocator; a query that needs more fails with "memory limit exceeded"
 * @param dataDirectory where it finds (or generates) the tables' files, see {@link TableFileResolver}
 * @param healthPort port of the HTTP health endpoint ({@code /health}, {@code /ready}), or -1 for none
 * @param pluginDirectory plugins whose background functions this worker runs (the coordinator's plugin directory, or
 *     a copy of it); decision nodes and planner rules in them are the coordinator's business and unused here
 * @param sharedMemoryDirectory where it exchanges buffers with the worker processes of its host through memory-mapped
 *     files ({@code /dev/shm}); empty to exchange over Flight only
 */
public record WorkerProcessConfig(String coordinatorAddress, String nodeId, String host, int port, String advertiseAddress,
        int slots, long memoryBytes, Path dataDirectory, int healthPort, Optional<Path> pluginDirectory,
        Optional<Path> sharedMemoryDirectory) {

    public WorkerProcessConfig {
        requireNonNull(coordinatorAddress, "coordinatorAddress");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(host, "host");
        requireNonNull(advertiseAddress, "advertiseAddress");
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(pluginDirectory, "pluginDirectory");
        requireNonNull(sharedMemoryDirectory, "sharedMemoryDirectory");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot");
        }
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("the memory budget must be positive");
        }
    }
}
