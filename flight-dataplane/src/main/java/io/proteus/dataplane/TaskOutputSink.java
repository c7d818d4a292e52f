package io.proteus.dataplane;

import io.proteus.executor.task.OutputSink;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.task.TaskDescriptor;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@link OutputSink} of one task attempt, writing into the worker's {@link BufferStore}. Obtained from
 * {@link BufferStore#sinkFor(TaskDescriptor)}; the worker closes it when the task is over, and discards its output if
 * the task failed.
 */
public final class TaskOutputSink implements OutputSink, AutoCloseable {

    private final BufferStore store;
    final BufferStore.QueryBuffers query;
    final TaskDescriptor task;
    final long generation;
    // The following are guarded by the store's lock.
    boolean opened;
    int partitionCount;
    boolean closed;

    TaskOutputSink(BufferStore store, BufferStore.QueryBuffers query, TaskDescriptor task, long generation) {
        this.store = store;
        this.query = query;
        this.task = task;
        this.generation = generation;
    }

    /** The query's buffer allocator ({@code query-<id>-buffers}), which output vectors must be allocated from. */
    @Override
    public BufferAllocator allocator() {
        return query.allocator;
    }

    @Override
    public void open(Schema schema, int partitionCount) {
        store.open(this, schema, partitionCount);
    }

    @Override
    public void accept(int partition, ArrowRecordBatch batch) {
        store.accept(this, partition, batch);
    }

    /** What this attempt has written so far, per partition. */
    public List<PartitionStatistics> statistics() {
        return store.statistics(this);
    }

    /** Drops what this attempt wrote (when it failed), unless a newer attempt already replaced it. */
    public void discard() {
        store.discard(this);
    }

    /** Ends the attempt's use of the store; batches it wrote stay in the store. */
    @Override
    public void close() {
        store.closeSink(this);
    }

    String taskText() {
        return task.queryId() + "/s" + task.stageId() + "/t" + task.taskIndex() + "/a" + task.attempt();
    }
}
