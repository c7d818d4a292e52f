package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import java.util.Arrays;

/**
 * {@code =, <>, <, <=, >, >=} over two operands of the same representation (the compiler casts them to a common type;
 * decimals to a common scale). NULL if either operand is NULL. VARCHAR compares UTF-8 bytes (code point order).
 */
public final class ComparisonKernel extends Kernel {

    /** The comparison operators. */
    public enum Operator {
        EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL;

        /** Bit {@code c + 1} is set when a comparison result {@code c} in {-1, 0, 1} satisfies the operator. */
        int mask() {
            return switch (this) {
                case EQUAL -> 0b010;
                case NOT_EQUAL -> 0b101;
                case LESS_THAN -> 0b001;
                case LESS_THAN_OR_EQUAL -> 0b011;
                case GREATER_THAN -> 0b100;
                case GREATER_THAN_OR_EQUAL -> 0b110;
            };
        }
    }

    private final Operator operator;
    private final Kernel left;
    private final Kernel right;
    private final int mask;
    private BooleanColumn result;

    public ComparisonKernel(Operator operator, Kernel left, Kernel right) {
        super(DataType.bool(left.type().nullable() || right.type().nullable()));
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.mask = operator.mask();
    }

    @Override
    public boolean isSimple() {
        return left.isSimple() && right.isSimple();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column a = left.evaluate(context, selection, count);
        Column b = right.evaluate(context, selection, count);
        result = prepare(result, type, context);
        boolean[] out = result.values();
        unionNulls(result, selection, count, a, b);
        switch (a) {
            case IntColumn ints -> compareInts(ints.values(), ((IntColumn) b).values(), out, selection, count);
            case LongColumn longs -> compareLongs(longs.values(), ((LongColumn) b).values(), out, selection, count);
            case DoubleColumn doubles -> compareDoubles(doubles.values(), ((DoubleColumn) b).values(), out, selection, count);
            case DecimalColumn decimals -> {
                DecimalColumn other = (DecimalColumn) b;
                if (!decimals.hasWide() && !other.hasWide()) {
                    compareLongs(decimals.values(), other.values(), out, selection, count);
                } else {
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        out[i] = ((mask >>> (Integer.signum(decimals.compareValues(i, other, i)) + 1)) & 1) != 0;
                    }
                }
            }
            case VarcharColumn strings -> compareStrings(strings, (VarcharColumn) b, out, selection, count);
            case BooleanColumn booleans -> {
                boolean[] x = booleans.values();
                boolean[] y = ((BooleanColumn) b).values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = ((mask >>> (Boolean.compare(x[i], y[i]) + 1)) & 1) != 0;
                }
            }
        }
        return result;
    }

    private void compareStrings(VarcharColumn a, VarcharColumn b, boolean[] out, int[] selection, int count) {
        byte[] x = a.data();
        byte[] y = b.data();
        int[] xs = a.starts();
        int[] xe = a.ends();
        int[] ys = b.starts();
        int[] ye = b.ends();
        if (operator == Operator.EQUAL || operator == Operator.NOT_EQUAL) {
            boolean equal = operator == Operator.EQUAL;
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                out[i] = Arrays.equals(x, xs[i], xe[i], y, ys[i], ye[i]) == equal;
            }
        } else {
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                int c = Integer.signum(Arrays.compareUnsigned(x, xs[i], xe[i], y, ys[i], ye[i]));
                out[i] = ((mask >>> (c + 1)) & 1) != 0;
            }
        }
    }

    private void compareInts(int[] x, int[] y, boolean[] out, int[] selection, int count) {
        switch (operator) {
            case EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] == y[i];
                }
            }
            case NOT_EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] != y[i];
                }
            }
            case LESS_THAN -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] < y[i];
                }
            }
            case LESS_THAN_OR_EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] <= y[i];
                }
            }
            case GREATER_THAN -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] > y[i];
                }
            }
            case GREATER_THAN_OR_EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] >= y[i];
                }
            }
        }
    }

    private void compareLongs(long[] x, long[] y, boolean[] out, int[] selection, int count) {
        switch (operator) {
            case EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] == y[i];
                }
            }
            case NOT_EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] != y[i];
                }
            }
            case LESS_THAN -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] < y[i];
                }
            }
            case LESS_THAN_OR_EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] <= y[i];
                }
            }
            case GREATER_THAN -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] > y[i];
                }
            }
            case GREATER_THAN_OR_EQUAL -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] >= y[i];
                }
            }
        }
    }

    private void compareDoubles(double[] x, double[] y, boolean[] out, int[] selection, int count) {
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            out[i] = ((mask >>> (DoubleColumn.compare(x[i], y[i]) + 1)) & 1) != 0;
        }
    }
}
