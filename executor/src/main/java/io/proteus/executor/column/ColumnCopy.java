package io.proteus.executor.column;

/**
 * Copies selected rows between columns of the same class with type-specialised loops (used by CASE, COALESCE and
 * common subexpressions to assemble results evaluated over different row subsets).
 */
public final class ColumnCopy {

    private ColumnCopy() {
    }

    /**
     * Copies positions {@code rows[0..count-1]} of {@code source} to the same positions of {@code target}, values and
     * null flags; the target must be tracking nulls ({@link Column#prepareNulls()}).
     */
    public static void copyRows(Column source, int[] rows, int count, Column target) {
        boolean sourceNulls = source.mayHaveNulls();
        boolean[] from = source.nulls();
        boolean[] to = target.nulls();
        for (int k = 0; k < count; k++) {
            int i = rows == null ? k : rows[k];
            to[i] = sourceNulls && from[i];
        }
        switch (source) {
            case IntColumn ints -> {
                int[] values = ints.values();
                int[] targetValues = ((IntColumn) target).values();
                for (int k = 0; k < count; k++) {
                    int i = rows == null ? k : rows[k];
                    targetValues[i] = values[i];
                }
            }
            case LongColumn longs -> {
                long[] values = longs.values();
                long[] targetValues = ((LongColumn) target).values();
                for (int k = 0; k < count; k++) {
                    int i = rows == null ? k : rows[k];
                    targetValues[i] = values[i];
                }
            }
            case DoubleColumn doubles -> {
                double[] values = doubles.values();
                double[] targetValues = ((DoubleColumn) target).values();
                for (int k = 0; k < count; k++) {
                    int i = rows == null ? k : rows[k];
                    targetValues[i] = values[i];
                }
            }
            case BooleanColumn booleans -> {
                boolean[] values = booleans.values();
                boolean[] targetValues = ((BooleanColumn) target).values();
                for (int k = 0; k < count; k++) {
                    int i = rows == null ? k : rows[k];
                    targetValues[i] = values[i];
                }
            }
            case DecimalColumn decimals -> {
                DecimalColumn decimalTarget = (DecimalColumn) target;
                long[] values = decimals.values();
                boolean hasWide = decimals.hasWide();
                for (int k = 0; k < count; k++) {
                    int i = rows == null ? k : rows[k];
                    if (hasWide && decimals.isWide(i)) {
                        decimalTarget.setBig(i, decimals.bigValue(i));
                    } else {
                        decimalTarget.setLong(i, values[i]);
                    }
                }
            }
            case VarcharColumn strings -> {
                VarcharColumn stringTarget = (VarcharColumn) target;
                byte[] data = strings.data();
                int[] starts = strings.starts();
                int[] ends = strings.ends();
                for (int k = 0; k < count; k++) {
                    int i = rows == null ? k : rows[k];
                    if (to[i]) {
                        stringTarget.setEmpty(i);
                    } else {
                        stringTarget.append(i, data, starts[i], ends[i] - starts[i]);
                    }
                }
            }
        }
    }

    /** Marks positions {@code rows[0..count-1]} of {@code target} as NULL. */
    public static void setNulls(int[] rows, int count, Column target) {
        boolean[] nulls = target.nulls();
        for (int k = 0; k < count; k++) {
            int i = rows == null ? k : rows[k];
            nulls[i] = true;
        }
        if (target instanceof VarcharColumn strings) {
            for (int k = 0; k < count; k++) {
                strings.setEmpty(rows == null ? k : rows[k]);
            }
        } else if (target instanceof DecimalColumn decimals) {
            for (int k = 0; k < count; k++) {
                decimals.setLong(rows == null ? k : rows[k], 0);
            }
        }
    }

    /**
     * Gathers rows {@code rows[0..count-1]} of {@code source} into the consecutive positions {@code targetStart ..
     * targetStart+count-1} of {@code target} (a column of the same class with room for them), values and null flags;
     * positions before {@code targetStart} keep their values and nullness (used to append rows to an accumulating
     * column such as a hash table's key store).
     */
    public static void appendRows(Column source, int[] rows, int count, Column target, int targetStart) {
        if (count == 0) {
            return;
        }
        boolean sourceNulls = source.mayHaveNulls();
        if (sourceNulls) {
            boolean[] from = source.nulls();
            boolean[] to = target.enableNullsKeepingRows(targetStart);
            for (int k = 0; k < count; k++) {
                to[targetStart + k] = from[rows[k]];
            }
        } else if (target.mayHaveNulls()) {
            java.util.Arrays.fill(target.nulls(), targetStart, targetStart + count, false);
        }
        switch (source) {
            case IntColumn ints -> {
                int[] values = ints.values();
                int[] targetValues = ((IntColumn) target).values();
                for (int k = 0; k < count; k++) {
                    targetValues[targetStart + k] = values[rows[k]];
                }
            }
            case LongColumn longs -> {
                long[] values = longs.values();
                long[] targetValues = ((LongColumn) target).values();
                for (int k = 0; k < count; k++) {
                    targetValues[targetStart + k] = values[rows[k]];
                }
            }
            case DoubleColumn doubles -> {
                double[] values = doubles.values();
                double[] targetValues = ((DoubleColumn) target).values();
                for (int k = 0; k < count; k++) {
                    targetValues[targetStart + k] = values[rows[k]];
                }
            }
            case BooleanColumn booleans -> {
                boolean[] values = booleans.values();
                boolean[] targetValues = ((BooleanColumn) target).values();
                for (int k = 0; k < count; k++) {
                    targetValues[targetStart + k] = values[rows[k]];
                }
            }
            case DecimalColumn decimals -> {
                DecimalColumn decimalTarget = (DecimalColumn) target;
                long[] values = decimals.values();
                boolean hasWide = decimals.hasWide();
                for (int k = 0; k < count; k++) {
                    int row = rows[k];
                    if (hasWide && decimals.isWide(row)) {
                        decimalTarget.setBig(targetStart + k, decimals.bigValue(row));
                    } else {
                        decimalTarget.setLong(targetStart + k, values[row]);
                    }
                }
            }
            case VarcharColumn strings -> {
                VarcharColumn stringTarget = (VarcharColumn) target;
                byte[] data = strings.data();
                int[] starts = strings.starts();
                int[] ends = strings.ends();
                boolean[] from = source.nulls();
                for (int k = 0; k < count; k++) {
                    int row = rows[k];
                    if (sourceNulls && from[row]) {
                        stringTarget.setEmpty(targetStart + k);
                    } else {
                        stringTarget.append(targetStart + k, data, starts[row], ends[row] - starts[row]);
                    }
                }
            }
        }
    }
}
