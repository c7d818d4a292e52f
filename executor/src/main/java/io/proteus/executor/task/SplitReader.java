package io.proteus.executor.task;

/** Opens the exchange inputs of a task; provided by the data plane of the worker that runs the task. */
@FunctionalInterface
public interface SplitReader {

    /** Opens a stream over the batches of a buffer kept by some worker; the caller closes it. */
    BatchStream open(BufferSplit split);
}
