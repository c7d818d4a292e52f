package io.proteus.executor.vector;

import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small helpers to create, size and finish Arrow vectors written directly through their buffers. */
public final class Vectors {

    private Vectors() {
    }

    /** Creates an empty vector for values of {@code type}. */
    public static FieldVector create(DataType type, String name, BufferAllocator allocator) {
        return type.toField(name).createVector(allocator);
    }

    /** Creates an empty vector with the given field. */
    public static FieldVector create(Field field, BufferAllocator allocator) {
        return field.createVector(allocator);
    }

    /** The schema with one field per type, named {@code names} (or {@code c0, c1, ...} when names is null). */
    public static Schema schema(List<DataType> types, List<String> names) {
        List<Field> fields = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            fields.add(types.get(i).toField(names == null ? "c" + i : names.get(i)));
        }
        return new Schema(fields);
    }

    /** The executor types of a schema's fields. */
    public static List<DataType> types(Schema schema) {
        return schema.getFields().stream().map(DataType::fromField).toList();
    }

    /** Creates empty vectors for all fields of {@code schema}, wrapped in a root. */
    public static VectorSchemaRoot createRoot(Schema schema, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
        try {
            for (Field field : schema.getFields()) {
                vectors.add(field.createVector(allocator));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(schema.getFields(), vectors, 0);
    }

    /** Allocates room for {@code rows} values (and {@code dataBytes} bytes of variable-width data). */
    public static void allocate(FieldVector vector, int rows, long dataBytes) {
        switch (vector) {
            case BaseVariableWidthVector variable -> variable.allocateNew(Math.max(dataBytes, 1), Math.max(rows, 1));
            case BaseFixedWidthVector fixed -> fixed.allocateNew(Math.max(rows, 1));
            case NullVector ignored -> {
            }
            default -> throw new IllegalArgumentException("unsupported vector " + vector.getClass().getSimpleName());
        }
    }

    /**
     * Gives an empty vector room for {@code rows} values (and {@code dataBytes} of variable-width data) without zeroing
     * the memory, for callers that then write every value and validity bit themselves (gathers, column writers). Only
     * the last validity byte is cleared, so bits past the value count are zero.
     */
    public static void allocateForOverwrite(FieldVector vector, int rows, long dataBytes) {
        int capacity = Math.max(rows, 1);
        BufferAllocator allocator = vector.getAllocator();
        List<ArrowBuf> buffers = new ArrayList<>(3);
        try {
            long validityBytes = (capacity + 7) / 8;
            ArrowBuf validity = allocator.buffer(validityBytes);
            buffers.add(validity);
            validity.setByte(validityBytes - 1, 0);
            switch (vector) {
                case BaseVariableWidthVector variable -> {
                    ArrowBuf offsets = allocator.buffer((capacity + 1L) * BaseVariableWidthVector.OFFSET_WIDTH);
                    offsets.setInt(0, 0);
                    buffers.add(offsets);
                    buffers.add(allocator.buffer(Math.max(dataBytes, 1)));
                }
                case BitVector bits -> {
                    ArrowBuf data = allocator.buffer(validityBytes);
                    data.setByte(validityBytes - 1, 0);
                    buffers.add(data);
                }
                case BaseFixedWidthVector fixed -> buffers.add(allocator.buffer((long) capacity * fixed.getTypeWidth()));
                case NullVector ignored -> {
                    return;
                }
                default -> throw new IllegalArgumentException("unsupported vector " + vector.getClass().getSimpleName());
            }
            vector.loadFieldBuffers(new ArrowFieldNode(0, 0), buffers);
        } finally {
            // loadFieldBuffers retained what it keeps.
            buffers.forEach(ArrowBuf::close);
        }
    }

    /** Grows the vector, keeping its contents, until it holds at least {@code rows} values. */
    public static void ensureCapacity(FieldVector vector, int rows) {
        if (vector instanceof NullVector) {
            return;
        }
        if (vector.getValueCapacity() <= 0) {
            allocateForOverwrite(vector, Math.max(rows, 64), Math.max(rows, 64) * 8L);
        }
        while (vector.getValueCapacity() < rows) {
            if (vector instanceof BaseVariableWidthVector variable) {
                variable.reallocValidityAndOffsetBuffers();
            } else {
                vector.reAlloc();
            }
        }
    }

    /** Grows a variable-width vector's data buffer, keeping its contents, to at least {@code bytes}. */
    public static void ensureDataCapacity(BaseVariableWidthVector vector, long bytes) {
        if (vector.getDataBuffer().capacity() < bytes) {
            vector.reallocDataBuffer(Math.max(bytes, vector.getDataBuffer().capacity() * 2));
        }
    }

    /** Sets the value count after direct buffer writes (for variable-width vectors, without refilling offsets). */
    public static void setValueCount(FieldVector vector, int count) {
        if (vector instanceof BaseVariableWidthVector variable) {
            variable.setLastSet(count - 1);
        }
        vector.setValueCount(count);
    }

    /** Sets the value count of every vector of a root and of the root. */
    public static void setRowCount(VectorSchemaRoot root, int count) {
        for (FieldVector vector : root.getFieldVectors()) {
            setValueCount(vector, count);
        }
        root.setRowCount(count);
    }

    /** Bytes of Arrow buffers used by the root's vectors. */
    public static long bufferBytes(VectorSchemaRoot root) {
        long bytes = 0;
        for (FieldVector vector : root.getFieldVectors()) {
            bytes += vector.getBufferSize();
        }
        return bytes;
    }

    /** Whether the validity bit of {@code row} is set. */
    public static boolean isValid(ArrowBuf validity, int row) {
        return ((validity.getByte(row >>> 3) >>> (row & 7)) & 1) != 0;
    }

    /** Sets or clears the validity bit of {@code row}. */
    public static void setValid(ArrowBuf validity, int row, boolean valid) {
        long index = row >>> 3;
        int mask = 1 << (row & 7);
        byte current = validity.getByte(index);
        validity.setByte(index, valid ? (current | mask) : (current & ~mask));
    }

    /** Sets the validity bits of rows {@code start..start+count-1}. */
    public static void setValidRange(ArrowBuf validity, int start, int count) {
        int row = start;
        int end = start + count;
        while (row < end && (row & 7) != 0) {
            setValid(validity, row++, true);
        }
        int fullBytes = (end - row) >>> 3;
        if (fullBytes > 0) {
            validity.setOne((long) (row >>> 3), (long) fullBytes);
            row += fullBytes << 3;
        }
        while (row < end) {
            setValid(validity, row++, true);
        }
    }
}
