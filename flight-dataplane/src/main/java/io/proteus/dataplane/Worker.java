package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;

/**
 * A running worker: its own allocator ({@code worker-<id>}, a child of the process's allocator limited to
 * {@link WorkerConfig#memoryLimitBytes()}) and its {@link WorkerServer}. Closing it stops the server, waits (bounded)
 * for running tasks, releases all buffers and closes the allocator, throwing if any memory leaked.
 */
public final class Worker implements AutoCloseable {

    private final WorkerConfig config;
    private final BufferAllocator allocator;
    private final WorkerServer server;

    private Worker(WorkerConfig config, BufferAllocator allocator, WorkerServer server) {
        this.config = config;
        this.allocator = allocator;
        this.server = server;
    }

    /**
     * Starts a worker. {@code parentAllocator} is the process's allocator (never create another root allocator); the
     * worker's allocator is a child of it and is closed with the worker.
     */
    public static Worker start(WorkerConfig config, BufferAllocator parentAllocator, TaskFunction function) {
        return start(config, parentAllocator, function, FunctionRunner.NONE, false);
    }

    /** Starts a worker that also runs the background functions of {@code functions}. */
    public static Worker start(WorkerConfig config, BufferAllocator parentAllocator, TaskFunction function,
            FunctionRunner functions) {
        return start(config, parentAllocator, function, functions, false);
    }

    /**
     * Starts a worker that also runs the background functions of {@code functions} and, with {@code sharedInProcess},
     * lets the other such workers of this process read its buffers in place instead of over Flight (an embedded
     * cluster's workers, which share the process's root allocator).
     */
    public static Worker start(WorkerConfig config, BufferAllocator parentAllocator, TaskFunction function,
            FunctionRunner functions, boolean sharedInProcess) {
        requireNonNull(config, "config");
        requireNonNull(functions, "functions");
        requireNonNull(parentAllocator, "parentAllocator");
        requireNonNull(function, "function");
        BufferAllocator allocator =
                parentAllocator.newChildAllocator("worker-" + config.workerId(), 0, config.memoryLimitBytes());
        try {
            return new Worker(config, allocator, WorkerServer.start(config, allocator, function, functions, sharedInProcess));
        } catch (RuntimeException e) {
            try {
                allocator.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    public WorkerConfig config() {
        return config;
    }

    public String workerId() {
        return config.workerId();
    }

    /** The {@code host:port} the worker is reachable at. */
    public String address() {
        return server.address();
    }

    /** The port the worker's Flight server is bound to. */
    public int port() {
        return server.port();
    }

    /** The worker's allocator ({@code worker-<id>}). */
    public BufferAllocator allocator() {
        return allocator;
    }

    public WorkerServer server() {
        return server;
    }

    public BufferStore bufferStore() {
        return server.bufferStore();
    }

    public WorkerStatus status() {
        return server.status();
    }

    /** Stops the worker and closes its allocator; throws {@link IllegalStateException} if memory leaked. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            server.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            allocator.close();
        } catch (RuntimeException e) {
            IllegalStateException leak = new IllegalStateException(
                    "worker " + config.workerId() + " leaked Arrow memory: " + e.getMessage(), e);
            if (failure == null) {
                failure = leak;
            } else {
                failure.addSuppressed(leak);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
