package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.type.DataType;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code value IN (constant, ...)} through a hash set built once from the constants (already of the value's type):
 * TRUE when found, else NULL if the value is NULL or the list holds a NULL, else FALSE.
 */
public final class InKernel extends Kernel {

    private final Kernel value;
    private final boolean listHasNull;
    private final long[] longTable;
    private final boolean[] longUsed;
    private final int longMask;
    private final Set<BigInteger> wideDecimals = new HashSet<>();
    private final byte[][] stringTable;
    private BooleanColumn result;

    /**
     * @param constants one-row columns of the value's type holding the list items (evaluated constants)
     */
    public InKernel(Kernel value, Column[] constants) {
        super(DataType.bool(true));
        this.value = value;
        boolean hasNull = false;
        int capacity = Integer.highestOneBit(Math.max(4, constants.length * 4 - 1)) << 1;
        longMask = capacity - 1;
        longTable = new long[capacity];
        longUsed = new boolean[capacity];
        stringTable = new byte[capacity][];
        for (Column constant : constants) {
            if (constant.isNull(0)) {
                hasNull = true;
                continue;
            }
            switch (constant) {
                case IntColumn ints -> addLong(ints.values()[0]);
                case LongColumn longs -> addLong(longs.values()[0]);
                case BooleanColumn booleans -> addLong(booleans.values()[0] ? 1 : 0);
                case DoubleColumn doubles -> addLong(canonicalBits(doubles.values()[0]));
                case DecimalColumn decimals -> {
                    if (decimals.isWide(0)) {
                        wideDecimals.add(decimals.bigValue(0));
                    } else {
                        addLong(decimals.values()[0]);
                    }
                }
                case VarcharColumn strings -> addBytes(Arrays.copyOfRange(strings.data(), strings.start(0), strings.end(0)));
            }
        }
        listHasNull = hasNull;
    }

    private static long canonicalBits(double value) {
        return value == 0.0 ? 0L : Double.doubleToLongBits(value);
    }

    private void addLong(long item) {
        int slot = (int) RowHashing.mix(item) & longMask;
        while (longUsed[slot]) {
            if (longTable[slot] == item) {
                return;
            }
            slot = (slot + 1) & longMask;
        }
        longUsed[slot] = true;
        longTable[slot] = item;
    }

    private boolean containsLong(long item) {
        int slot = (int) RowHashing.mix(item) & longMask;
        while (longUsed[slot]) {
            if (longTable[slot] == item) {
                return true;
            }
            slot = (slot + 1) & longMask;
        }
        return false;
    }

    private void addBytes(byte[] item) {
        if (containsBytes(item, 0, item.length)) {
            return;
        }
        int slot = (int) RowHashing.hashBytes(item, 0, item.length) & longMask;
        while (stringTable[slot] != null) {
            slot = (slot + 1) & longMask;
        }
        stringTable[slot] = item;
    }

    private boolean containsBytes(byte[] data, int start, int end) {
        int slot = (int) RowHashing.hashBytes(data, start, end) & longMask;
        while (stringTable[slot] != null) {
            byte[] candidate = stringTable[slot];
            if (Arrays.equals(candidate, 0, candidate.length, data, start, end)) {
                return true;
            }
            slot = (slot + 1) & longMask;
        }
        return false;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column input = value.evaluate(context, selection, count);
        result = prepare(result, type, context);
        boolean[] out = result.values();
        boolean inputNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        switch (input) {
            case IntColumn ints -> {
                int[] values = ints.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = containsLong(values[i]);
                }
            }
            case LongColumn longs -> {
                long[] values = longs.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = containsLong(values[i]);
                }
            }
            case BooleanColumn booleans -> {
                boolean[] values = booleans.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = containsLong(values[i] ? 1 : 0);
                }
            }
            case DoubleColumn doubles -> {
                double[] values = doubles.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = containsLong(canonicalBits(values[i]));
                }
            }
            case DecimalColumn decimals -> {
                long[] values = decimals.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = decimals.isWide(i) ? wideDecimals.contains(decimals.bigValue(i)) : containsLong(values[i]);
                }
            }
            case VarcharColumn strings -> {
                byte[] data = strings.data();
                int[] starts = strings.starts();
                int[] ends = strings.ends();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = containsBytes(data, starts[i], ends[i]);
                }
            }
        }
        if (!inputNulls && !listHasNull) {
            result.setNoNulls();
            return result;
        }
        boolean[] resultNulls = result.prepareNulls();
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            boolean isNull = inputNulls && nulls[i];
            resultNulls[i] = isNull || (!out[i] && listHasNull);
            if (isNull) {
                out[i] = false;
            }
        }
        return result;
    }
}
