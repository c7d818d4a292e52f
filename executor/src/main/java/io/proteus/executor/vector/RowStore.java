package io.proteus.executor.vector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows materialised by a blocking operator (join build side, sort input, buffered join side) in one growing Arrow
 * vector per column, so that any row can be addressed by a single index. Memory is charged to the operator's allocator.
 * The vectors may be reallocated by an append: callers re-read {@link #vectors()} after appending.
 */
public final class RowStore implements AutoCloseable {

    private final Schema schema;
    private final List<FieldVector> vectors;
    private int rowCount;

    public RowStore(Schema schema, BufferAllocator allocator) {
        this.schema = requireNonNull(schema, "schema");
        this.vectors = new ArrayList<>(schema.getFields().size());
        try {
            schema.getFields().forEach(field -> vectors.add(field.createVector(allocator)));
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
    }

    public Schema schema() {
        return schema;
    }

    public int rowCount() {
        return rowCount;
    }

    /** The column vectors (value counts set to {@link #rowCount()}). */
    public List<FieldVector> vectors() {
        return vectors;
    }

    /** Appends all rows of a batch (same column layout). */
    public void append(VectorSchemaRoot batch) {
        append(batch.getFieldVectors(), batch.getRowCount());
    }

    /** Appends rows {@code 0..count-1} of the given vectors. */
    public void append(List<FieldVector> source, int count) {
        if (count == 0) {
            return;
        }
        checkSize(count);
        for (int column = 0; column < vectors.size(); column++) {
            VectorCopy.copyRange(source.get(column), 0, count, vectors.get(column), rowCount);
        }
        rowCount += count;
        vectors.forEach(v -> Vectors.setValueCount(v, rowCount));
    }

    /** Appends rows {@code rows[0..count-1]} of the given vectors. */
    public void appendRows(List<FieldVector> source, int[] rows, int count) {
        if (count == 0) {
            return;
        }
        checkSize(count);
        for (int column = 0; column < vectors.size(); column++) {
            VectorCopy.gather(source.get(column), rows, count, vectors.get(column), rowCount);
        }
        rowCount += count;
        vectors.forEach(v -> Vectors.setValueCount(v, rowCount));
    }

    private void checkSize(int count) {
        if ((long) rowCount + count > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("more than 2^31 rows materialised in one operator");
        }
    }

    /** A new batch with rows {@code rows[0..count-1]} ({@code -1}: NULL) of this store. */
    public VectorSchemaRoot gather(int[] rows, int count, BufferAllocator allocator) {
        return Batches.gather(schema, vectors, rows, count, allocator);
    }

    /** Bytes of Arrow memory held. */
    public long bufferBytes() {
        long bytes = 0;
        for (FieldVector vector : vectors) {
            bytes += vector.getBufferSize();
        }
        return bytes;
    }

    @Override
    public void close() {
        try {
            AutoCloseables.close(vectors);
        } catch (Exception e) {
            throw new IllegalStateException("cannot close row store", e);
        }
        vectors.clear();
        rowCount = 0;
    }
}
