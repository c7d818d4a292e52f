package io.proteus.executor.task;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stream of Arrow batches from one input split. Implemented by the data plane (local buffer store or Flight
 * {@code DoGet}) and by the executor's table-file reader.
 */
public interface BatchStream extends AutoCloseable {

    /**
     * Returns the next batch with its buffers owned by {@code allocator} (ownership passes to the caller, who closes
     * the returned root), or null when the split is exhausted.
     */
    VectorSchemaRoot next(BufferAllocator allocator);

    /**
     * Starts fetching without waiting for the data (a remote stream sends its request now, so that its round trip
     * overlaps the reading of other streams). Streams that have nothing to start ignore it.
     */
    default void start() {
    }

    /**
     * Whether the batches are taken from a buffer store of this process without copying (true), or received over the
     * network (false); for the exchange statistics.
     */
    default boolean sharedWithoutCopy() {
        return false;
    }

    @Override
    void close();
}
