package io.proteus.executor.testing;

import io.proteus.executor.task.OutputSink;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** An {@link OutputSink} that keeps the record batches it receives (and closes them on {@link #close()}). */
public final class RecordingSink implements OutputSink, AutoCloseable {

    private final BufferAllocator allocator;
    private Schema schema;
    private int partitionCount = -1;
    private int opens;
    private final List<Integer> partitions = new ArrayList<>();
    private final List<ArrowRecordBatch> batches = new ArrayList<>();

    public RecordingSink(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void open(Schema outputSchema, int count) {
        opens++;
        schema = outputSchema;
        partitionCount = count;
    }

    @Override
    public void accept(int partition, ArrowRecordBatch batch) {
        partitions.add(partition);
        batches.add(batch);
    }

    public Schema schema() {
        return schema;
    }

    public int partitionCount() {
        return partitionCount;
    }

    public int opens() {
        return opens;
    }

    public List<ArrowRecordBatch> batches() {
        return batches;
    }

    /** The partition of each received batch, in order. */
    public List<Integer> partitions() {
        return partitions;
    }

    /** The rows received for {@code partition}, decoded with the opened schema. */
    public List<List<Object>> rows(int partition) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            if (partitions.get(i) == partition) {
                try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
                    new VectorLoader(root).load(batches.get(i));
                    rows.addAll(TestData.rows(root));
                }
            }
        }
        return rows;
    }

    @Override
    public void close() {
        batches.forEach(ArrowRecordBatch::close);
        batches.clear();
    }
}
