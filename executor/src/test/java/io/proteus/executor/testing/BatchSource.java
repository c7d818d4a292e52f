package io.proteus.executor.testing;

import io.proteus.executor.operator.Operator;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A test {@link Operator} producing given rows in given batches; it counts how many batches were pulled and whether it
 * was closed, and fails on demand after some batches.
 */
public final class BatchSource implements Operator {

    private final BufferAllocator allocator;
    private final List<DataType> types;
    private final List<List<List<Object>>> batches;
    private final Schema schema;
    private int position;
    private int failAfter = -1;
    private boolean closed;

    public BatchSource(BufferAllocator allocator, List<DataType> types, List<List<List<Object>>> batches) {
        this.allocator = allocator;
        this.types = List.copyOf(types);
        this.batches = List.copyOf(batches);
        this.schema = Vectors.schema(types, null);
    }

    /** A source with one batch. */
    public static BatchSource of(BufferAllocator allocator, List<DataType> types, List<List<Object>> rows) {
        return new BatchSource(allocator, types, List.of(rows));
    }

    /** A source splitting {@code rows} into batches of {@code batchSize}. */
    public static BatchSource chunked(BufferAllocator allocator, List<DataType> types, List<List<Object>> rows, int batchSize) {
        List<List<List<Object>>> batches = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += batchSize) {
            batches.add(rows.subList(start, Math.min(rows.size(), start + batchSize)));
        }
        return new BatchSource(allocator, types, batches);
    }

    /** Makes {@link #next()} throw after {@code batches} batches. */
    public BatchSource failAfter(int batchCount) {
        this.failAfter = batchCount;
        return this;
    }

    public int pulled() {
        return position;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        if (failAfter >= 0 && position >= failAfter) {
            throw new IllegalStateException("source failure");
        }
        if (position >= batches.size()) {
            return null;
        }
        return TestData.batch(allocator, types, batches.get(position++));
    }

    @Override
    public void close() {
        closed = true;
    }
}
