package io.proteus.executor.column;

import io.proteus.executor.vector.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;

/**
 * Writes {@link Column}s into freshly created Arrow vectors with type-specialised loops over the buffers. The column's
 * class must match the vector (kernels produce exactly the type the plan asks for).
 */
public final class ColumnWriter {

    private ColumnWriter() {
    }

    /** Allocates {@code vector} and writes column rows {@code offset..offset+count-1} to its rows {@code 0..count-1}. */
    public static void write(Column column, int offset, int count, FieldVector vector) {
        write(column, null, offset, count, vector);
    }

    /** Allocates {@code vector} and writes column rows {@code rows[0..count-1]} to its rows {@code 0..count-1}. */
    public static void write(Column column, int[] rows, int count, FieldVector vector) {
        write(column, rows, 0, count, vector);
    }

    private static void write(Column column, int[] rows, int offset, int count, FieldVector vector) {
        switch (vector) {
            case NullVector ignored -> {
            }
            case IntVector intVector -> {
                Vectors.allocateForOverwrite(intVector, count, 0);
                writeInts(((IntColumn) column).values(), rows, offset, count, intVector.getDataBuffer());
            }
            case DateDayVector dateVector -> {
                Vectors.allocateForOverwrite(dateVector, count, 0);
                writeInts(((IntColumn) column).values(), rows, offset, count, dateVector.getDataBuffer());
            }
            case BigIntVector bigIntVector -> {
                Vectors.allocateForOverwrite(bigIntVector, count, 0);
                long[] values = ((LongColumn) column).values();
                ArrowBuf data = bigIntVector.getDataBuffer();
                if (rows == null) {
                    if (count > 0) {
                        data.nioBuffer(0, count * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values, offset, count);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        data.setLong((long) k * 8, values[rows[k]]);
                    }
                }
            }
            case Float8Vector doubleVector -> {
                Vectors.allocateForOverwrite(doubleVector, count, 0);
                double[] values = ((DoubleColumn) column).values();
                ArrowBuf data = doubleVector.getDataBuffer();
                if (rows == null) {
                    if (count > 0) {
                        data.nioBuffer(0, count * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values, offset, count);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        data.setDouble((long) k * 8, values[rows[k]]);
                    }
                }
            }
            case DecimalVector decimalVector -> {
                Vectors.allocateForOverwrite(decimalVector, count, 0);
                writeDecimals((DecimalColumn) column, rows, offset, count, decimalVector.getDataBuffer());
            }
            case BitVector bitVector -> {
                Vectors.allocateForOverwrite(bitVector, count, 0);
                boolean[] values = ((BooleanColumn) column).values();
                ArrowBuf data = bitVector.getDataBuffer();
                writeBits(data, count, rows == null ? i -> values[offset + i] : i -> values[rows[i]]);
            }
            case BaseVariableWidthVector variable -> writeStrings((VarcharColumn) column, rows, offset, count, variable);
            default -> throw new IllegalArgumentException("unsupported vector " + vector.getClass().getSimpleName());
        }
        if (!(vector instanceof NullVector)) {
            writeValidity(column, rows, offset, count, vector.getValidityBuffer());
        }
        Vectors.setValueCount(vector, count);
    }

    private static void writeInts(int[] values, int[] rows, int offset, int count, ArrowBuf data) {
        if (rows == null) {
            if (count > 0) {
                data.nioBuffer(0, count * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(values, offset, count);
            }
        } else {
            for (int k = 0; k < count; k++) {
                data.setInt((long) k * 4, values[rows[k]]);
            }
        }
    }

    private static void writeDecimals(DecimalColumn column, int[] rows, int offset, int count, ArrowBuf data) {
        long[] values = column.values();
        boolean hasWide = column.hasWide();
        for (int i = 0; i < count; i++) {
            int row = rows == null ? offset + i : rows[i];
            long target = (long) i * 16;
            if (hasWide && column.isWide(row) && !column.isNull(row)) {
                java.math.BigInteger value = column.bigValue(row);
                data.setLong(target, Decimals.lowWord(value));
                data.setLong(target + 8, Decimals.highWord(value));
            } else {
                long value = values[row];
                data.setLong(target, value);
                data.setLong(target + 8, value >> 63);
            }
        }
    }

    private static void writeStrings(VarcharColumn column, int[] rows, int offset, int count, BaseVariableWidthVector vector) {
        int[] starts = column.starts();
        int[] ends = column.ends();
        boolean checkNulls = column.mayHaveNulls();
        boolean[] nulls = column.nulls();
        long total = 0;
        for (int i = 0; i < count; i++) {
            int row = rows == null ? offset + i : rows[i];
            if (!checkNulls || !nulls[row]) {
                total += ends[row] - starts[row];
            }
        }
        Vectors.allocateForOverwrite(vector, count, total);
        ArrowBuf offsets = vector.getOffsetBuffer();
        ArrowBuf data = vector.getDataBuffer();
        byte[] bytes = column.data();
        int position = 0;
        offsets.setInt(0, 0);
        for (int i = 0; i < count; i++) {
            int row = rows == null ? offset + i : rows[i];
            if (!checkNulls || !nulls[row]) {
                int length = ends[row] - starts[row];
                if (length > 0) {
                    data.setBytes(position, bytes, starts[row], length);
                    position += length;
                }
            }
            offsets.setInt((long) (i + 1) * 4, position);
        }
    }

    /** Writes the validity bits of the written column rows. */
    private static void writeValidity(Column column, int[] rows, int offset, int count, ArrowBuf validity) {
        if (!column.mayHaveNulls()) {
            Vectors.setValidRange(validity, 0, count);
            return;
        }
        boolean[] nulls = column.nulls();
        writeBits(validity, count, rows == null ? i -> !nulls[offset + i] : i -> !nulls[rows[i]]);
    }

    @FunctionalInterface
    private interface BitSource {
        boolean bit(int index);
    }

    private static void writeBits(ArrowBuf buffer, int count, BitSource source) {
        int fullBytes = count >>> 3;
        for (int b = 0; b < fullBytes; b++) {
            int base = b << 3;
            int bits = 0;
            for (int bit = 0; bit < 8; bit++) {
                if (source.bit(base + bit)) {
                    bits |= 1 << bit;
                }
            }
            buffer.setByte(b, bits);
        }
        if ((count & 7) != 0) {
            int base = fullBytes << 3;
            int bits = 0;
            for (int bit = 0; base + bit < count; bit++) {
                if (source.bit(base + bit)) {
                    bits |= 1 << bit;
                }
            }
            buffer.setByte(fullBytes, bits);
        }
    }
}
