package io.proteus.executor.column;

import java.nio.ByteOrder;
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
import org.apache.arrow.vector.VarCharVector;

/**
 * Copies Arrow vectors into {@link Column}s: either the first {@code count} rows, or the rows listed in an index array
 * (a gather, as needed to evaluate join conditions over candidate pairs). Type-specialised loops read the Arrow buffers
 * directly.
 */
public final class ColumnLoader {

    private ColumnLoader() {
    }

    /** Loads rows {@code 0..count-1} of {@code vector} into positions {@code 0..count-1} of {@code target}. */
    public static void load(FieldVector vector, int count, Column target) {
        load(vector, null, count, target);
    }

    /**
     * Loads rows {@code rows[0..count-1]} (or {@code 0..count-1} when {@code rows} is null) of {@code vector} into
     * positions {@code 0..count-1} of {@code target}, whose class must match the vector's type.
     */
    public static void load(FieldVector vector, int[] rows, int count, Column target) {
        target.ensureCapacity(Math.max(count, 1));
        loadNulls(vector, rows, count, target);
        switch (vector) {
            case IntVector intVector -> loadInts(intVector.getDataBuffer(), rows, count, ((IntColumn) target).values());
            case DateDayVector dateVector -> loadInts(dateVector.getDataBuffer(), rows, count, ((IntColumn) target).values());
            case BigIntVector bigIntVector -> loadLongs(bigIntVector.getDataBuffer(), rows, count, ((LongColumn) target).values());
            case Float8Vector doubleVector -> loadDoubles(doubleVector.getDataBuffer(), rows, count, ((DoubleColumn) target).values());
            case DecimalVector decimalVector -> loadDecimals(decimalVector, rows, count, (DecimalColumn) target);
            case VarCharVector varCharVector -> loadStrings(varCharVector, rows, count, (VarcharColumn) target);
            case BitVector bitVector -> loadBooleans(bitVector.getDataBuffer(), rows, count, ((BooleanColumn) target).values());
            case NullVector ignored -> {
                boolean[] nulls = target.prepareNulls();
                java.util.Arrays.fill(nulls, 0, count, true);
            }
            default -> throw new IllegalArgumentException("unsupported vector " + vector.getClass().getSimpleName());
        }
    }

    private static void loadNulls(FieldVector vector, int[] rows, int count, Column target) {
        if (vector instanceof NullVector) {
            return;
        }
        if (count == 0 || vector.getNullCount() == 0) {
            target.setNoNulls();
            return;
        }
        boolean[] nulls = target.prepareNulls();
        ArrowBuf validity = vector.getValidityBuffer();
        if (rows == null) {
            for (int i = 0; i < count; i++) {
                nulls[i] = ((validity.getByte(i >>> 3) >>> (i & 7)) & 1) == 0;
            }
        } else {
            for (int i = 0; i < count; i++) {
                int row = rows[i];
                nulls[i] = ((validity.getByte(row >>> 3) >>> (row & 7)) & 1) == 0;
            }
        }
    }

    private static void loadInts(ArrowBuf data, int[] rows, int count, int[] values) {
        if (count == 0) {
            return;
        }
        if (rows == null) {
            data.nioBuffer(0, count * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values, 0, count);
        } else {
            for (int i = 0; i < count; i++) {
                values[i] = data.getInt((long) rows[i] * 4);
            }
        }
    }

    private static void loadLongs(ArrowBuf data, int[] rows, int count, long[] values) {
        if (count == 0) {
            return;
        }
        if (rows == null) {
            data.nioBuffer(0, count * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values, 0, count);
        } else {
            for (int i = 0; i < count; i++) {
                values[i] = data.getLong((long) rows[i] * 8);
            }
        }
    }

    private static void loadDoubles(ArrowBuf data, int[] rows, int count, double[] values) {
        if (count == 0) {
            return;
        }
        if (rows == null) {
            data.nioBuffer(0, count * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values, 0, count);
        } else {
            for (int i = 0; i < count; i++) {
                values[i] = data.getDouble((long) rows[i] * 8);
            }
        }
    }

    private static void loadBooleans(ArrowBuf data, int[] rows, int count, boolean[] values) {
        for (int i = 0; i < count; i++) {
            int row = rows == null ? i : rows[i];
            values[i] = ((data.getByte(row >>> 3) >>> (row & 7)) & 1) != 0;
        }
    }

    private static void loadDecimals(DecimalVector vector, int[] rows, int count, DecimalColumn target) {
        ArrowBuf data = vector.getDataBuffer();
        long[] values = target.values();
        boolean checkNulls = target.mayHaveNulls();
        boolean[] nulls = target.nulls();
        target.clearWide();
        for (int i = 0; i < count; i++) {
            int row = rows == null ? i : rows[i];
            long offset = (long) row * DecimalVector.TYPE_WIDTH;
            long low = data.getLong(offset);
            long high = data.getLong(offset + 8);
            if (high == (low >> 63)) {
                values[i] = low;
            } else if (checkNulls && nulls[i]) {
                values[i] = 0;
            } else {
                target.setBig(i, Decimals.fromWords(low, high));
            }
        }
    }

    private static void loadStrings(BaseVariableWidthVector vector, int[] rows, int count, VarcharColumn target) {
        target.resetData();
        if (count == 0) {
            return;
        }
        ArrowBuf offsets = vector.getOffsetBuffer();
        ArrowBuf data = vector.getDataBuffer();
        int[] starts = target.starts();
        int[] ends = target.ends();
        if (rows == null) {
            int first = offsets.getInt(0);
            int last = offsets.getInt((long) count * 4);
            int length = last - first;
            byte[] buffer = target.reserveData(length);
            if (length > 0) {
                data.getBytes(first, buffer, 0, length);
            }
            int previous = 0;
            for (int i = 0; i < count; i++) {
                int next = offsets.getInt((long) (i + 1) * 4) - first;
                starts[i] = previous;
                ends[i] = next;
                previous = next;
            }
            target.advanceDataLength(length);
        } else {
            long total = 0;
            for (int i = 0; i < count; i++) {
                int row = rows[i];
                total += offsets.getInt((long) (row + 1) * 4) - offsets.getInt((long) row * 4);
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("string column exceeds 2 GB");
            }
            byte[] buffer = target.reserveData((int) total);
            int position = target.dataLength();
            int base = position;
            for (int i = 0; i < count; i++) {
                int row = rows[i];
                int start = offsets.getInt((long) row * 4);
                int length = offsets.getInt((long) (row + 1) * 4) - start;
                if (length > 0) {
                    data.getBytes(start, buffer, position, length);
                }
                starts[i] = position;
                position += length;
                ends[i] = position;
            }
            target.advanceDataLength(position - base);
        }
    }
}
