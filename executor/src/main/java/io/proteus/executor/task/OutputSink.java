package io.proteus.executor.task;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** Receives a task's output partitions; implemented by the worker's buffer store. */
public interface OutputSink {

    /**
     * The allocator output vectors must be allocated from: output outlives the task (it stays in the buffer store
     * until its query releases it), so it cannot live in the task's own allocator.
     */
    BufferAllocator allocator();

    /** Called once, before any batch, with the schema shared by all output partitions and their number. */
    void open(Schema schema, int partitionCount);

    /**
     * Accepts one batch of output partition {@code partition}. Ownership of {@code batch} passes to the sink, which
     * closes it when the buffer is released.
     */
    void accept(int partition, ArrowRecordBatch batch);
}
