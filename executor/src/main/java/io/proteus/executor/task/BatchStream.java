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

    @Override
    void close();
}
