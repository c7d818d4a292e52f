package io.proteus.executor.operator.sort;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.plan.SortKey;
import java.util.Arrays;
import java.util.List;

/**
 * Stable sorting of row indexes. A single INTEGER or DATE key is sorted by packing (NULL flag, order-preserving key,
 * row index) into longs and using the primitive sort; other keys are turned into {@link NormalizedKeys} (dense
 * ordinals, packed into longs where they fit); keys that cannot be (DECIMAL values beyond a long) use a bottom-up
 * merge sort (insertion-sorted runs, merges skipped when runs are already in order) with a {@link RowComparator}.
 */
public final class Sorting {

    private static final int RUN = 32;

    private Sorting() {
    }

    /** Returns the row indexes {@code 0..rows-1} in key order, ties in input order. */
    public static int[] sortedRows(List<Column> keyColumns, List<SortKey> keys, int rows) {
        int[] order = new int[rows];
        if (keyColumns.size() == 1 && keyColumns.getFirst() instanceof IntColumn ints) {
            sortIntKey(ints, keys.getFirst(), rows, order);
            return order;
        }
        NormalizedKeys normalized = NormalizedKeys.of(keyColumns, keys, rows);
        if (normalized != null) {
            return normalized.sortedRows();
        }
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        sort(order, rows, RowComparator.of(keyColumns, keys));
        return order;
    }

    private static void sortIntKey(IntColumn column, SortKey key, int rows, int[] order) {
        int[] values = column.values();
        boolean hasNulls = column.mayHaveNulls();
        boolean[] nulls = column.nulls();
        long[] packed = new long[rows];
        long nullBit = key.nullsFirst() ? 0 : 1L << 63;
        long valueBit = key.nullsFirst() ? 1L << 63 : 0;
        for (int i = 0; i < rows; i++) {
            long word;
            if (hasNulls && nulls[i]) {
                word = nullBit;
            } else {
                long ordered = (values[i] ^ 0x80000000L) & 0xFFFFFFFFL;
                if (key.descending()) {
                    ordered = ~ordered & 0xFFFFFFFFL;
                }
                word = valueBit | (ordered << 31);
            }
            // Flip the top bit so that signed order equals the unsigned order of the packed word.
            packed[i] = (word | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(packed);
        for (int i = 0; i < rows; i++) {
            order[i] = (int) (packed[i] & 0x7FFFFFFFL);
        }
    }

    /** Stable sort of {@code order[0..count-1]} by the comparator. */
    public static void sort(int[] order, int count, RowComparator comparator) {
        for (int start = 0; start < count; start += RUN) {
            insertionSort(order, start, Math.min(start + RUN, count), comparator);
        }
        if (count <= RUN) {
            return;
        }
        int[] source = order;
        int[] target = new int[count];
        for (int width = RUN; width < count; width *= 2) {
            for (int low = 0; low < count; low += 2 * width) {
                int middle = Math.min(low + width, count);
                int high = Math.min(low + 2 * width, count);
                merge(source, target, low, middle, high, comparator);
            }
            int[] swap = source;
            source = target;
            target = swap;
        }
        if (source != order) {
            System.arraycopy(source, 0, order, 0, count);
        }
    }

    private static void insertionSort(int[] order, int from, int to, RowComparator comparator) {
        for (int i = from + 1; i < to; i++) {
            int value = order[i];
            int j = i - 1;
            while (j >= from && comparator.compare(order[j], value) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = value;
        }
    }

    private static void merge(int[] source, int[] target, int low, int middle, int high, RowComparator comparator) {
        if (middle >= high || comparator.compare(source[middle - 1], source[middle]) <= 0) {
            System.arraycopy(source, low, target, low, high - low);
            return;
        }
        int left = low;
        int right = middle;
        int out = low;
        while (left < middle && right < high) {
            if (comparator.compare(source[right], source[left]) < 0) {
                target[out++] = source[right++];
            } else {
                target[out++] = source[left++];
            }
        }
        while (left < middle) {
            target[out++] = source[left++];
        }
        while (right < high) {
            target[out++] = source[right++];
        }
    }
}
