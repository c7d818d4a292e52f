package io.proteus.executor.task;

import java.util.Optional;

/** Opens the exchange inputs of a task; provided by the data plane of the worker that runs the task. */
@FunctionalInterface
public interface SplitReader {

    /** Opens a stream over the batches of a buffer kept by some worker; the caller closes it. */
    BatchStream open(BufferSplit split);

    /**
     * Where the tasks of this worker share what they build from the same broadcast input (a join's hash table), so
     * that the broadcast is read and built once per worker; empty when the worker does not share (each task builds
     * its own).
     */
    default Optional<SharedBuilds> sharedBuilds() {
        return Optional.empty();
    }
}
