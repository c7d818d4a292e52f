package io.proteus.executor.operator;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnLoader;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.type.DataType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The row hash function of Proteus, shared by output partitioning, hash joins and hash aggregation. It is a pure
 * function of the values (no per-process seed), so every worker puts equal keys in the same partition:
 * <ul>
 *   <li>INTEGER, BIGINT, DATE (days) and BOOLEAN (0/1) hash their value as a 64-bit integer, so equal integers hash
 *       equally whatever their width;</li>
 *   <li>DECIMAL hashes its unscaled value (equal for equal values of the same type);</li>
 *   <li>DOUBLE hashes its bits after mapping -0.0 to 0.0 and every NaN to one NaN;</li>
 *   <li>VARCHAR hashes its UTF-8 bytes;</li>
 *   <li>NULL hashes to {@link #NULL_HASH}.</li>
 * </ul>
 * Multi-column keys combine column hashes left to right with {@link #combine}. Partitions use the low bits
 * ({@link #partition}); hash tables use the high bits, so a consumer of a hash-partitioned exchange still spreads its
 * rows over its whole table.
 */
public final class RowHashing {

    /** The hash of a NULL value. */
    public static final long NULL_HASH = 0x5bd1e9955bd1e995L;

    private static final long PRIME_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME_3 = 0x165667B19E3779F9L;
    private static final VarHandle LONG_VIEW = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private RowHashing() {
    }

    /** The 64-bit finaliser of MurmurHash3: a bijective mix in which every input bit affects every output bit. */
    public static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Hash of an integer value (INTEGER, BIGINT, DATE, BOOLEAN, or a DECIMAL's unscaled value). */
    public static long hashLong(long value) {
        return mix(value);
    }

    /** Hash of a DOUBLE value. */
    public static long hashDouble(double value) {
        if (value == 0.0) {
            return mix(0L);
        }
        return mix(Double.doubleToLongBits(value));
    }

    /** Hash of a DECIMAL's unscaled value of any size; equals {@link #hashLong} when it fits a long. */
    public static long hashDecimal(BigInteger unscaled) {
        if (Decimals.fitsLong(unscaled)) {
            return mix(unscaled.longValue());
        }
        return mix(unscaled.longValue() ^ mix(unscaled.shiftRight(64).longValue() + PRIME_3));
    }

    /** Hash of UTF-8 bytes {@code data[start..end)}. */
    public static long hashBytes(byte[] data, int start, int end) {
        int length = end - start;
        long h = PRIME_3 ^ (length * PRIME_1);
        int i = start;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONG_VIEW.get(data, i);
            h = Long.rotateLeft(h ^ (word * PRIME_2), 31) * PRIME_1;
        }
        long tail = 0;
        int shift = 0;
        for (; i < end; i++) {
            tail |= (data[i] & 0xFFL) << shift;
            shift += 8;
        }
        h = Long.rotateLeft(h ^ (tail * PRIME_2), 27) * PRIME_1;
        return mix(h);
    }

    /** Combines the hash so far of the leading key columns with the hash of the next column. */
    public static long combine(long accumulated, long valueHash) {
        return mix(accumulated * PRIME_1 + valueHash);
    }

    /** The output partition of a row hash: {@code hash mod partitionCount} on the unsigned value. */
    public static int partition(long hash, int partitionCount) {
        return (int) Long.remainderUnsigned(hash, partitionCount);
    }

    /**
     * Hashes rows of a column into {@code hashes} (positions {@code selection[k]}, or {@code 0..count-1} without a
     * selection); with {@code combineWithExisting}, combines with the hashes already there (for a further key column).
     */
    public static void hashColumn(Column column, int[] selection, int count, long[] hashes, boolean combineWithExisting) {
        boolean checkNulls = column.mayHaveNulls();
        boolean[] nulls = column.nulls();
        switch (column) {
            case IntColumn ints -> {
                int[] values = ints.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    long h = checkNulls && nulls[i] ? NULL_HASH : mix(values[i]);
                    hashes[i] = combineWithExisting ? combine(hashes[i], h) : h;
                }
            }
            case LongColumn longs -> {
                long[] values = longs.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    long h = checkNulls && nulls[i] ? NULL_HASH : mix(values[i]);
                    hashes[i] = combineWithExisting ? combine(hashes[i], h) : h;
                }
            }
            case DoubleColumn doubles -> {
                double[] values = doubles.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    long h = checkNulls && nulls[i] ? NULL_HASH : hashDouble(values[i]);
                    hashes[i] = combineWithExisting ? combine(hashes[i], h) : h;
                }
            }
            case DecimalColumn decimals -> {
                long[] values = decimals.values();
                boolean hasWide = decimals.hasWide();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    long h;
                    if (checkNulls && nulls[i]) {
                        h = NULL_HASH;
                    } else if (hasWide && decimals.isWide(i)) {
                        h = hashDecimal(decimals.bigValue(i));
                    } else {
                        h = mix(values[i]);
                    }
                    hashes[i] = combineWithExisting ? combine(hashes[i], h) : h;
                }
            }
            case VarcharColumn strings -> {
                byte[] data = strings.data();
                int[] starts = strings.starts();
                int[] ends = strings.ends();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    long h = checkNulls && nulls[i] ? NULL_HASH : hashBytes(data, starts[i], ends[i]);
                    hashes[i] = combineWithExisting ? combine(hashes[i], h) : h;
                }
            }
            case BooleanColumn booleans -> {
                boolean[] values = booleans.values();
                boolean allNull = booleans.type().kind() == io.proteus.executor.type.TypeKind.NULL;
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    long h = allNull || (checkNulls && nulls[i]) ? NULL_HASH : mix(values[i] ? 1 : 0);
                    hashes[i] = combineWithExisting ? combine(hashes[i], h) : h;
                }
            }
        }
    }

    /** Hashes the first {@code rowCount} rows of the key vectors (in order) into a new array. */
    public static long[] hashRows(List<FieldVector> keyVectors, int rowCount) {
        long[] hashes = new long[Math.max(rowCount, 1)];
        boolean first = true;
        for (FieldVector vector : keyVectors) {
            Column column = Column.create(DataType.fromField(vector.getField()), rowCount);
            ColumnLoader.load(vector, rowCount, column);
            hashColumn(column, null, rowCount, hashes, !first);
            first = false;
        }
        return hashes;
    }
}
