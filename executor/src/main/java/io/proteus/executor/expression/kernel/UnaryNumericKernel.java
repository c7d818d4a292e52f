package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/** NEGATE and ABS on INTEGER, BIGINT, DOUBLE and DECIMAL (operand of the result's representation). */
public final class UnaryNumericKernel extends Kernel {

    private final boolean absolute;
    private final Kernel operand;
    private Column result;

    public UnaryNumericKernel(boolean absolute, Kernel operand, DataType type) {
        super(type);
        this.absolute = absolute;
        this.operand = operand;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column input = operand.evaluate(context, selection, count);
        result = prepare(result, type, context);
        boolean hasNulls = copyNulls(result, selection, count, input);
        boolean[] nulls = result.nulls();
        try {
            switch (input) {
                case IntColumn ints -> {
                    int[] x = ints.values();
                    int[] out = ((IntColumn) result).values();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        if (!hasNulls || !nulls[i]) {
                            out[i] = absolute ? (x[i] < 0 ? Math.negateExact(x[i]) : x[i]) : Math.negateExact(x[i]);
                        }
                    }
                }
                case LongColumn longs -> {
                    long[] x = longs.values();
                    long[] out = ((LongColumn) result).values();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        if (!hasNulls || !nulls[i]) {
                            out[i] = absolute ? (x[i] < 0 ? Math.negateExact(x[i]) : x[i]) : Math.negateExact(x[i]);
                        }
                    }
                }
                case DoubleColumn doubles -> {
                    double[] x = doubles.values();
                    double[] out = ((DoubleColumn) result).values();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        out[i] = absolute ? Math.abs(x[i]) : -x[i];
                    }
                }
                case DecimalColumn decimals -> {
                    DecimalColumn out = (DecimalColumn) result;
                    out.clearWide();
                    int inputScale = decimals.scale();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        if (hasNulls && nulls[i]) {
                            out.setLong(i, 0);
                            continue;
                        }
                        long unscaled = decimals.values()[i];
                        if (!decimals.isWide(i) && inputScale == type.scale() && unscaled != Long.MIN_VALUE) {
                            long value = absolute ? Math.abs(unscaled) : -unscaled;
                            out.setLong(i, Decimals.checkPrecision(value, type.precision()));
                            continue;
                        }
                        java.math.BigInteger value = decimals.bigValue(i);
                        value = absolute ? value.abs() : value.negate();
                        out.setBig(i, Decimals.checkPrecision(Decimals.rescale(value, inputScale, type.scale()), type.precision()));
                    }
                }
                default -> throw new IllegalStateException("not numeric: " + input.type());
            }
        } catch (ArithmeticException e) {
            throw ArithmeticErrors.overflow(type.kind());
        }
        return result;
    }
}
