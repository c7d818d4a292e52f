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
 * Compares two rows of a set of key columns by a list of {@link SortKey}s (direction and NULL placement per key). The
 * per-key comparators are specialised by column class; strings compare as unsigned UTF-8 bytes.
 */
@FunctionalInterface
public interface RowComparator {

    /** Negative, zero or positive as row {@code left} sorts before, with or after row {@code right}. */
    int compare(int left, int right);

    /** A comparator over {@code columns} (one per key, in key order). */
    static RowComparator of(List<Column> columns, List<SortKey> keys) {
        RowComparator[] comparators = new RowComparator[columns.size()];
        for (int i = 0; i < comparators.length; i++) {
            comparators[i] = forKey(columns.get(i), keys.get(i).descending(), keys.get(i).nullsFirst());
        }
        if (comparators.length == 1) {
            return comparators[0];
        }
        return (left, right) -> {
            for (RowComparator comparator : comparators) {
                int result = comparator.compare(left, right);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        };
    }

    /**
     * Compares row {@code left} of {@code leftColumns} with row {@code right} of {@code rightColumns} (columns of the
     * same types, one per key) in key order.
     */
    static int compareAcross(List<Column> leftColumns, int left, List<Column> rightColumns, int right, List<SortKey> keys) {
        for (int i = 0; i < keys.size(); i++) {
            Column a = leftColumns.get(i);
            Column b = rightColumns.get(i);
            boolean aNull = a.isNull(left);
            boolean bNull = b.isNull(right);
            int result;
            if (aNull || bNull) {
                result = aNull == bNull ? 0 : (aNull == keys.get(i).nullsFirst() ? -1 : 1);
            } else {
                result = a.compareValues(left, b, right);
                if (keys.get(i).descending()) {
                    result = -result;
                }
            }
            if (result != 0) {
                return result;
            }
        }
        return 0;
    }

    /** The comparator of one key column. */
    static RowComparator forKey(Column column, boolean descending, boolean nullsFirst) {
        RowComparator values = switch (column) {
            case IntColumn ints -> {
                int[] v = ints.values();
                yield (a, b) -> Integer.compare(v[a], v[b]);
            }
            case LongColumn longs -> {
                long[] v = longs.values();
                yield (a, b) -> Long.compare(v[a], v[b]);
            }
            case DoubleColumn doubles -> {
                double[] v = doubles.values();
                yield (a, b) -> DoubleColumn.compare(v[a], v[b]);
            }
            case DecimalColumn decimals when !decimals.hasWide() -> {
                long[] v = decimals.values();
                yield (a, b) -> Long.compare(v[a], v[b]);
            }
            case DecimalColumn decimals -> (a, b) -> decimals.compareValues(a, decimals, b);
            case VarcharColumn strings -> {
                byte[] data = strings.data();
                int[] starts = strings.starts();
                int[] ends = strings.ends();
                yield (a, b) -> Arrays.compareUnsigned(data, starts[a], ends[a], data, starts[b], ends[b]);
            }
            case BooleanColumn booleans -> {
                boolean[] v = booleans.values();
                yield (a, b) -> Boolean.compare(v[a], v[b]);
            }
        };
        RowComparator directed = descending ? (a, b) -> values.compare(b, a) : values;
        if (!column.mayHaveNulls()) {
            return directed;
        }
        boolean[] nulls = column.nulls();
        int nullOrder = nullsFirst ? -1 : 1;
        return (a, b) -> {
            boolean aNull = nulls[a];
            boolean bNull = nulls[b];
            if (aNull || bNull) {
                return aNull == bNull ? 0 : aNull ? nullOrder : -nullOrder;
            }
            return directed.compare(a, b);
        };
    }
}
