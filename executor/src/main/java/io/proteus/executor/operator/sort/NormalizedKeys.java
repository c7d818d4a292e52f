package io.proteus.executor.operator.sort;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.plan.SortKey;
import java.util.Arrays;
import java.util.List;

/**
 * Sort keys turned into dense ordinals: per key and row an int that orders as the key orders the row (direction and NULL
 * placement included), equal for equal values (NULLs equal). Integers, dates and decimals whose values span a small
 * range are offset from the minimum; other numbers are ranked among their sorted distinct values; strings are ranked
 * through a dictionary of their distinct values, so each distinct string is compared a few times instead of on every
 * row comparison. Rows then sort by one primitive sort of longs packing every key's ordinal and the row index when they
 * fit in 63 bits, and otherwise by a merge sort comparing a packed prefix of the keys, then the remaining ordinals.
 */
public final class NormalizedKeys {

    /** Offsets from the minimum are used while the range of values stays below this. */
    private static final long MAX_OFFSET_RANGE = 1L << 30;

    private final int rows;
    private final int[][] ordinals;
    private final int[] bits;
    /** After {@link #sortedRows()}: the rows in order, and the packed words in order if the keys were packed. */
    private int[] sortedOrder;
    private long[] sortedWords;
    private int sortedRowBits;

    private NormalizedKeys(int rows, int[][] ordinals, int[] bits) {
        this.rows = rows;
        this.ordinals = ordinals;
        this.bits = bits;
    }

    /**
     * The ordinals of rows {@code 0..rows-1} of {@code columns} (one per key), or null when a key cannot be normalized
     * (a DECIMAL column holding values beyond a long).
     */
    public static NormalizedKeys of(List<Column> columns, List<SortKey> keys, int rows) {
        int[][] ordinals = new int[columns.size()][];
        int[] bits = new int[columns.size()];
        for (int key = 0; key < columns.size(); key++) {
            Column column = columns.get(key);
            if (column instanceof DecimalColumn decimals && decimals.hasWide()) {
                return null;
            }
            int[] ordinal = new int[Math.max(rows, 1)];
            int maximum = ordinals(column, keys.get(key), rows, ordinal);
            ordinals[key] = ordinal;
            bits[key] = 32 - Integer.numberOfLeadingZeros(maximum);
        }
        return new NormalizedKeys(rows, ordinals, bits);
    }

    /** The number of keys. */
    public int keyCount() {
        return ordinals.length;
    }

    /** Whether rows {@code left} and {@code right} have equal values in keys {@code fromKey..toKey-1}. */
    public boolean equal(int left, int right, int fromKey, int toKey) {
        for (int key = fromKey; key < toKey; key++) {
            int[] ordinal = ordinals[key];
            if (ordinal[left] != ordinal[right]) {
                return false;
            }
        }
        return true;
    }

    /** The row indexes {@code 0..rows-1} in key order, ties in input order. */
    public int[] sortedRows() {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        sortedWords = sort(order, rows, true);
        sortedOrder = order;
        return order;
    }

    /**
     * After {@link #sortedRows()}: whether the row at sorted position {@code position} (at least 1) has the same values
     * as the row before it in keys {@code 0..keyCount-1}. Where the keys were packed, this compares the sorted words,
     * reading memory in order rather than the rows' ordinals at random.
     */
    public boolean sameAsPrevious(int position, int keyCount) {
        if (keyCount == 0) {
            return true;
        }
        if (sortedWords != null) {
            int shift = sortedRowBits;
            for (int key = keyCount; key < bits.length; key++) {
                shift += bits[key];
            }
            return (sortedWords[position] >>> shift) == (sortedWords[position - 1] >>> shift);
        }
        return equal(sortedOrder[position - 1], sortedOrder[position], 0, keyCount);
    }

    /**
     * Sorts the row indexes {@code order[0..count-1]} in key order, ties by row index (stable when they come in
     * ascending order).
     */
    public void sort(int[] order, int count) {
        sortedWords = null;
        sort(order, count, false);
    }

    /** Sorts; returns the packed words in sorted order when the keys were packed and {@code keepWords}, else null. */
    private long[] sort(int[] order, int count, boolean keepWords) {
        if (count <= 1) {
            return null;
        }
        int rowBits = 32 - Integer.numberOfLeadingZeros(Math.max(rows - 1, 1));
        int keyBits = 0;
        for (int bit : bits) {
            keyBits += bit;
        }
        if (keyBits + rowBits <= 63) {
            long[] packed = new long[count];
            for (int i = 0; i < count; i++) {
                int row = order[i];
                packed[i] = (prefix(row, ordinals.length) << rowBits) | row;
            }
            Arrays.sort(packed);
            long rowMask = (1L << rowBits) - 1;
            for (int i = 0; i < count; i++) {
                order[i] = (int) (packed[i] & rowMask);
            }
            sortedRowBits = rowBits;
            return keepWords ? packed : null;
        }
        // As many leading keys as fit in 63 bits compare as one long, the others by their ordinals.
        int packedKeys = 0;
        int used = 0;
        while (packedKeys < ordinals.length && used + bits[packedKeys] <= 63) {
            used += bits[packedKeys++];
        }
        long[] prefixes = new long[rows];
        for (int i = 0; i < count; i++) {
            prefixes[order[i]] = prefix(order[i], packedKeys);
        }
        int firstUnpacked = packedKeys;
        int[][] rest = ordinals;
        Sorting.sort(order, count, (left, right) -> {
            int result = Long.compare(prefixes[left], prefixes[right]);
            for (int key = firstUnpacked; result == 0 && key < rest.length; key++) {
                result = Integer.compare(rest[key][left], rest[key][right]);
            }
            return result;
        });
        return null;
    }

    private long prefix(int row, int keyCount) {
        long value = 0;
        for (int key = 0; key < keyCount; key++) {
            value = (value << bits[key]) | ordinals[key][row];
        }
        return value;
    }

    /** Fills the ordinals of one key column; returns the largest ordinal. */
    private static int ordinals(Column column, SortKey key, int rows, int[] ordinal) {
        boolean[] nulls = column.mayHaveNulls() ? column.nulls() : null;
        return switch (column) {
            case IntColumn ints -> {
                int[] values = ints.values();
                long[] widened = null;
                long minimum = Long.MAX_VALUE;
                long maximum = Long.MIN_VALUE;
                for (int row = 0; row < rows; row++) {
                    if (nulls == null || !nulls[row]) {
                        minimum = Math.min(minimum, values[row]);
                        maximum = Math.max(maximum, values[row]);
                    }
                }
                if (maximum - minimum < MAX_OFFSET_RANGE || minimum > maximum) {
                    yield offsets(values, null, minimum, maximum, nulls, key, rows, ordinal);
                }
                widened = new long[rows];
                for (int row = 0; row < rows; row++) {
                    widened[row] = values[row];
                }
                yield ranks(widened, nulls, key, rows, ordinal);
            }
            case LongColumn longs -> longOrdinals(longs.values(), nulls, key, rows, ordinal);
            case DecimalColumn decimals -> longOrdinals(decimals.values(), nulls, key, rows, ordinal);
            case DoubleColumn doubles -> {
                double[] values = doubles.values();
                long[] sortable = new long[rows];
                for (int row = 0; row < rows; row++) {
                    double value = values[row];
                    // -0.0 equals 0.0 and every NaN equals every other, as DoubleColumn.compare has it.
                    long bits = value == 0.0 ? 0L : Double.doubleToLongBits(value);
                    sortable[row] = bits ^ ((bits >> 63) & Long.MAX_VALUE);
                }
                yield ranks(sortable, nulls, key, rows, ordinal);
            }
            case BooleanColumn booleans -> {
                boolean[] values = booleans.values();
                for (int row = 0; row < rows; row++) {
                    ordinal[row] = values[row] != key.descending() ? 1 : 0;
                }
                yield placeNulls(nulls, key, rows, ordinal, 1);
            }
            case VarcharColumn strings -> dictionaryRanks(strings, nulls, key, rows, ordinal);
        };
    }

    private static int longOrdinals(long[] values, boolean[] nulls, SortKey key, int rows, int[] ordinal) {
        long minimum = Long.MAX_VALUE;
        long maximum = Long.MIN_VALUE;
        for (int row = 0; row < rows; row++) {
            if (nulls == null || !nulls[row]) {
                minimum = Math.min(minimum, values[row]);
                maximum = Math.max(maximum, values[row]);
            }
        }
        if (minimum > maximum || (maximum - minimum >= 0 && maximum - minimum < MAX_OFFSET_RANGE)) {
            return offsets(null, values, minimum, maximum, nulls, key, rows, ordinal);
        }
        return ranks(values, nulls, key, rows, ordinal);
    }

    /** Ordinals as offsets from the minimum (ascending) or the maximum (descending); exactly one array is given. */
    private static int offsets(int[] ints, long[] longs, long minimum, long maximum, boolean[] nulls, SortKey key,
            int rows, int[] ordinal) {
        if (minimum > maximum) {
            // Every value is NULL.
            Arrays.fill(ordinal, 0, rows, 0);
            return 0;
        }
        boolean descending = key.descending();
        for (int row = 0; row < rows; row++) {
            long value = ints != null ? ints[row] : longs[row];
            ordinal[row] = (int) (descending ? maximum - value : value - minimum);
        }
        return placeNulls(nulls, key, rows, ordinal, (int) (maximum - minimum));
    }

    /** Ordinals as ranks among the sorted distinct non-null values. */
    private static int ranks(long[] values, boolean[] nulls, SortKey key, int rows, int[] ordinal) {
        long[] distinct = new long[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            if (nulls == null || !nulls[row]) {
                distinct[count++] = values[row];
            }
        }
        if (count == 0) {
            Arrays.fill(ordinal, 0, rows, 0);
            return 0;
        }
        Arrays.sort(distinct, 0, count);
        int unique = 1;
        for (int i = 1; i < count; i++) {
            if (distinct[i] != distinct[unique - 1]) {
                distinct[unique++] = distinct[i];
            }
        }
        boolean descending = key.descending();
        for (int row = 0; row < rows; row++) {
            if (nulls == null || !nulls[row]) {
                int rank = Arrays.binarySearch(distinct, 0, unique, values[row]);
                ordinal[row] = descending ? unique - 1 - rank : rank;
            }
        }
        return placeNulls(nulls, key, rows, ordinal, unique - 1);
    }

    /** Ordinals as ranks of the distinct strings (unsigned UTF-8 byte order), found through a hash dictionary. */
    private static int dictionaryRanks(VarcharColumn strings, boolean[] nulls, SortKey key, int rows, int[] ordinal) {
        byte[] data = strings.data();
        int[] starts = strings.starts();
        int[] ends = strings.ends();
        int capacity = Integer.highestOneBit(Math.max(rows, 8) * 2 - 1) << 1;
        int mask = capacity - 1;
        int[] slots = new int[capacity];
        Arrays.fill(slots, -1);
        int[] representatives = new int[Math.max(rows, 1)];
        int distinct = 0;
        for (int row = 0; row < rows; row++) {
            if (nulls != null && nulls[row]) {
                continue;
            }
            int start = starts[row];
            int end = ends[row];
            int hash = 1;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + data[i];
            }
            int slot = (hash ^ (hash >>> 16)) * 0x9E3779B9 >>> 1 & mask;
            while (true) {
                int id = slots[slot];
                if (id < 0) {
                    slots[slot] = distinct;
                    representatives[distinct] = row;
                    ordinal[row] = distinct++;
                    break;
                }
                int other = representatives[id];
                if (Arrays.equals(data, start, end, data, starts[other], ends[other])) {
                    ordinal[row] = id;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        if (distinct == 0) {
            Arrays.fill(ordinal, 0, rows, 0);
            return 0;
        }
        int[] sortedIds = new int[distinct];
        for (int id = 0; id < distinct; id++) {
            sortedIds[id] = id;
        }
        int[] rows0 = representatives;
        Sorting.sort(sortedIds, distinct, (left, right) -> Arrays.compareUnsigned(data, starts[rows0[left]], ends[rows0[left]],
                data, starts[rows0[right]], ends[rows0[right]]));
        int[] rankOfId = new int[distinct];
        boolean descending = key.descending();
        for (int rank = 0; rank < distinct; rank++) {
            rankOfId[sortedIds[rank]] = descending ? distinct - 1 - rank : rank;
        }
        for (int row = 0; row < rows; row++) {
            if (nulls == null || !nulls[row]) {
                ordinal[row] = rankOfId[ordinal[row]];
            }
        }
        return placeNulls(nulls, key, rows, ordinal, distinct - 1);
    }

    /**
     * Gives NULL rows the first or last ordinal (shifting the others up by one for NULLs first); returns the largest
     * ordinal. Rows not NULL hold ordinals {@code 0..maximum}.
     */
    private static int placeNulls(boolean[] nulls, SortKey key, int rows, int[] ordinal, int maximum) {
        if (nulls == null) {
            return maximum;
        }
        boolean any = false;
        for (int row = 0; row < rows && !any; row++) {
            any = nulls[row];
        }
        if (!any) {
            return maximum;
        }
        if (key.nullsFirst()) {
            for (int row = 0; row < rows; row++) {
                ordinal[row] = nulls[row] ? 0 : ordinal[row] + 1;
            }
        } else {
            for (int row = 0; row < rows; row++) {
                if (nulls[row]) {
                    ordinal[row] = maximum + 1;
                }
            }
        }
        return maximum + 1;
    }
}
