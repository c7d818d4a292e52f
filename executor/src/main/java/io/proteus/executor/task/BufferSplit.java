package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

/**
 * An output partition of an upstream task, kept in the buffer store of the worker at {@code workerAddress}
 * ({@code host:port} of its Flight server). A consumer on that same worker takes it without copying; others fetch it
 * with Flight {@code DoGet}.
 */
public record BufferSplit(String workerId, String workerAddress, BufferId bufferId) implements InputSplit {

    public BufferSplit {
        requireNonNull(workerId, "workerId");
        requireNonNull(workerAddress, "workerAddress");
        requireNonNull(bufferId, "bufferId");
    }
}
