package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * How to start a worker: its id, the host and port its Flight server binds to (port 0 picks a free port), its number
 * of function slots (tasks it runs at once), the limit of its Arrow allocator, and where it exchanges buffers with
 * other worker processes of its host through shared memory ({@code sharedMemoryDirectory}, typically
 * {@code /dev/shm}; null to use Flight only).
 */
public record WorkerConfig(String workerId, String host, int port, int slots, long memoryLimitBytes,
        Path sharedMemoryDirectory) {

    /** The host a worker binds to when none is given: loopback. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public WorkerConfig {
        requireNonNull(workerId, "workerId");
        if (workerId.isBlank()) {
            throw new IllegalArgumentException("invalid worker id: '" + workerId + "'");
        }
        host = host == null ? DEFAULT_HOST : host;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("invalid port " + port);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one function slot, got " + slots);
        }
        if (memoryLimitBytes < 1) {
            throw new IllegalArgumentException("memory limit must be positive, got " + memoryLimitBytes);
        }
    }

    /** A worker that exchanges buffers over Flight only. */
    public WorkerConfig(String workerId, String host, int port, int slots, long memoryLimitBytes) {
        this(workerId, host, port, slots, memoryLimitBytes, null);
    }

    /** A worker on {@link #DEFAULT_HOST}. */
    public WorkerConfig(String workerId, int port, int slots, long memoryLimitBytes) {
        this(workerId, DEFAULT_HOST, port, slots, memoryLimitBytes);
    }

    /** The same worker, exchanging buffers with the worker processes of its host through files in {@code directory}. */
    public WorkerConfig withSharedMemory(Path directory) {
        return new WorkerConfig(workerId, host, port, slots, memoryLimitBytes, requireNonNull(directory, "directory"));
    }
}
