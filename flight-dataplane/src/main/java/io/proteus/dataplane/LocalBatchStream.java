package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.BatchStream;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a buffer of this worker's own {@link BufferStore}, or of another worker of the same process (same root
 * allocator), without serializing or copying it.
 */
final class LocalBatchStream implements BatchStream {

    private final BufferSnapshot snapshot;
    private final LongConsumer bytesShared;
    private int nextBatch;
    private boolean closed;

    LocalBatchStream(BufferSnapshot snapshot, LongConsumer bytesShared) {
        this.snapshot = requireNonNull(snapshot, "snapshot");
        this.bytesShared = requireNonNull(bytesShared, "bytesShared");
    }

    @Override
    public VectorSchemaRoot next(BufferAllocator allocator) {
        requireNonNull(allocator, "allocator");
        if (closed) {
            throw new IllegalStateException("stream over buffer " + snapshot.bufferId().toTicketText() + " is closed");
        }
        if (nextBatch >= snapshot.batchCount()) {
            return null;
        }
        ArrowRecordBatch batch = snapshot.batch(nextBatch);
        // While the store holds the batch, the store's query allocator stays the accounting owner of its buffers; if
        // the query is released first, ownership (and accounting) moves to the caller's allocator.
        VectorSchemaRoot root = load(snapshot.schema(), batch, allocator);
        long bytes = batch.computeBodyLength();
        // The root now holds its own references; drop the snapshot's.
        snapshot.releaseBatch(nextBatch);
        nextBatch++;
        bytesShared.accept(bytes);
        return root;
    }

    /**
     * A new root in {@code allocator} over the buffers of {@code batch}, without copying them. The batch keeps its own
     * references; the caller closes the root.
     */
    static VectorSchemaRoot load(Schema schema, ArrowRecordBatch batch, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            // Buffer ownership: VectorLoader does not copy. Each vector takes the batch's ArrowBuf with
            // retain(buffer, allocator), i.e. a new reference to the SAME memory, associated with the caller's
            // allocator. The memory is freed when the batch's owner and the root have both let go. (Only a validity
            // buffer absent from the batch, for a column without nulls, is allocated anew.)
            new VectorLoader(root).load(batch);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
        return root;
    }

    @Override
    public boolean sharedWithoutCopy() {
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            snapshot.close();
        }
    }
}
