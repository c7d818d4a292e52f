package io.proteus.executor.operator.hash;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import java.util.Arrays;

/**
 * A perfect-hash alternative to {@link GroupHashTable} for one integer key whose values span a dense range (such as
 * the surrogate keys of dimension tables): an array indexed by {@code value - min} holds the group id of each value,
 * so lookups need neither hashing nor key comparison. Built only when the range is small relative to the row count.
 */
public final class DenseKeyIndex {

    /** The largest range (in values) an index may cover. */
    public static final long MAX_RANGE = 1L << 24;

    private final long min;
    private final long max;
    private final int[] groupOf;
    private final int groupCount;

    private DenseKeyIndex(long min, long max, int[] groupOf, int groupCount) {
        this.min = min;
        this.max = max;
        this.groupOf = groupOf;
        this.groupCount = groupCount;
    }

    /** Whether a key column can use a dense index (one INTEGER, DATE or BIGINT key). */
    public static boolean applies(Column[] keys) {
        return keys.length == 1 && (keys[0] instanceof IntColumn || keys[0] instanceof LongColumn);
    }

    private static long value(Column key, int row) {
        return key instanceof IntColumn ints ? ints.values()[row] : ((LongColumn) key).values()[row];
    }

    /**
     * Builds the index over rows {@code rows[0..count-1]} (non-NULL keys), writing each row's group id to
     * {@code groupIds[row]}; returns null (writing nothing) if the values are too sparse.
     */
    public static DenseKeyIndex build(Column key, int[] rows, int count, int[] groupIds) {
        if (count == 0) {
            return new DenseKeyIndex(0, -1, new int[0], 0);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int k = 0; k < count; k++) {
            long value = value(key, rows[k]);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        long range = max - min + 1;
        if (range <= 0 || range > MAX_RANGE || range > Math.max(16L * count, 1 << 20)) {
            return null;
        }
        int[] groupOf = new int[(int) range];
        Arrays.fill(groupOf, -1);
        int groups = 0;
        for (int k = 0; k < count; k++) {
            int row = rows[k];
            int slot = (int) (value(key, row) - min);
            int group = groupOf[slot];
            if (group < 0) {
                group = groups++;
                groupOf[slot] = group;
            }
            groupIds[row] = group;
        }
        return new DenseKeyIndex(min, max, groupOf, groups);
    }

    public int groupCount() {
        return groupCount;
    }

    /** Writes the group id of rows {@code rows[0..count-1]} to {@code groupIds[row]} ({@code -1}: absent). */
    public void find(Column key, int[] rows, int count, int[] groupIds) {
        if (key instanceof IntColumn ints) {
            int[] values = ints.values();
            for (int k = 0; k < count; k++) {
                int row = rows[k];
                long value = values[row];
                groupIds[row] = value >= min && value <= max ? groupOf[(int) (value - min)] : -1;
            }
        } else {
            long[] values = ((LongColumn) key).values();
            for (int k = 0; k < count; k++) {
                int row = rows[k];
                long value = values[row];
                groupIds[row] = value >= min && value <= max ? groupOf[(int) (value - min)] : -1;
            }
        }
    }

    public long retainedBytes() {
        return groupOf.length * 4L;
    }
}
