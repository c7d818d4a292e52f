package io.proteus.executor.vector;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds batches ({@link VectorSchemaRoot}s) by copying rows, cleaning up on failure. */
public final class Batches {

    private Batches() {
    }

    /** A new batch of {@code schema} holding rows {@code rows[0..count-1]} of {@code source} ({@code -1}: NULL). */
    public static VectorSchemaRoot gather(Schema schema, List<FieldVector> source, int[] rows, int count,
            BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(source.size());
        try {
            for (int column = 0; column < source.size(); column++) {
                FieldVector target = schema.getFields().get(column).createVector(allocator);
                vectors.add(target);
                VectorCopy.gather(source.get(column), rows, count, target, 0);
                Vectors.setValueCount(target, count);
            }
            return new VectorSchemaRoot(schema.getFields(), vectors, count);
        } catch (RuntimeException e) {
            closeQuietly(vectors, e);
            throw e;
        }
    }

    /** A new batch of {@code schema} holding rows {@code start..start+count-1} of {@code source}. */
    public static VectorSchemaRoot slice(Schema schema, List<FieldVector> source, int start, int count,
            BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(source.size());
        try {
            for (int column = 0; column < source.size(); column++) {
                FieldVector target = schema.getFields().get(column).createVector(allocator);
                vectors.add(target);
                VectorCopy.copyRange(source.get(column), start, count, target, 0);
                Vectors.setValueCount(target, count);
            }
            return new VectorSchemaRoot(schema.getFields(), vectors, count);
        } catch (RuntimeException e) {
            closeQuietly(vectors, e);
            throw e;
        }
    }

    /** Wraps vectors (ownership passes to the root) with the given fields. */
    public static VectorSchemaRoot wrap(List<Field> fields, List<FieldVector> vectors, int rowCount) {
        return new VectorSchemaRoot(fields, vectors, rowCount);
    }

    /** Closes resources, adding failures as suppressed exceptions of {@code primary}. */
    public static void closeQuietly(Iterable<? extends AutoCloseable> resources, Throwable primary) {
        try {
            AutoCloseables.close(resources);
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
