package io.proteus.dataplane;

import io.proteus.executor.task.BufferId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A reader's view of one buffer of a {@link BufferStore}: its schema and its batches as they were when the snapshot
 * was taken. Each batch here is an extra reference on the stored Arrow buffers (no data is copied), so the data stays
 * valid until the snapshot is closed (or the batch released) even if the query is released meanwhile. Not
 * thread-safe; close it exactly once.
 */
public final class BufferSnapshot implements AutoCloseable {

    private final BufferStore store;
    final BufferStore.QueryBuffers query;
    private final BufferId bufferId;
    private final Schema schema;
    private final List<ArrowRecordBatch> batches;
    private final long rowCount;
    private final long bytes;
    private boolean closed;

    BufferSnapshot(BufferStore store, BufferStore.QueryBuffers query, BufferId bufferId, Schema schema,
            List<ArrowRecordBatch> batches, long rowCount, long bytes) {
        this.store = store;
        this.query = query;
        this.bufferId = bufferId;
        this.schema = schema;
        this.batches = new ArrayList<>(batches);
        this.rowCount = rowCount;
        this.bytes = bytes;
    }

    public BufferId bufferId() {
        return bufferId;
    }

    public Schema schema() {
        return schema;
    }

    public int batchCount() {
        return batches.size();
    }

    /** The batch at {@code index}; still owned by this snapshot. */
    public ArrowRecordBatch batch(int index) {
        ArrowRecordBatch batch = batches.get(index);
        if (batch == null) {
            throw new IllegalStateException("batch " + index + " of buffer " + bufferId.toTicketText()
                    + " was already released");
        }
        return batch;
    }

    /** Drops this snapshot's reference on batch {@code index} early (after its buffers were loaded elsewhere). */
    public void releaseBatch(int index) {
        ArrowRecordBatch batch = batches.set(index, null);
        if (batch != null) {
            batch.close();
        }
    }

    public long rowCount() {
        return rowCount;
    }

    /** The bytes of Arrow buffers of the buffer's batches. */
    public long bytes() {
        return bytes;
    }

    /** The query's buffer allocator, open at least until this snapshot is closed. */
    BufferAllocator allocator() {
        return query.allocator;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        store.closeSnapshot(this, batches.stream().filter(Objects::nonNull).toList());
        batches.clear();
    }
}
