package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;

/**
 * Binary arithmetic on INTEGER (32-bit) or BIGINT (64-bit) operands of the result's kind. Overflow raises
 * "integer overflow" / "bigint overflow"; division truncates toward zero; division or modulo by zero raises
 * "division by zero". NULL rows are skipped.
 */
public final class IntegerArithmeticKernel extends Kernel {

    private final ArithmeticOperator operator;
    private final Kernel left;
    private final Kernel right;
    private Column result;

    public IntegerArithmeticKernel(ArithmeticOperator operator, Kernel left, Kernel right, DataType type) {
        super(type);
        if (type.kind() != TypeKind.INTEGER && type.kind() != TypeKind.BIGINT) {
            throw new IllegalArgumentException("integer arithmetic produces INTEGER or BIGINT, not " + type);
        }
        this.operator = operator;
        this.left = left;
        this.right = right;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column a = left.evaluate(context, selection, count);
        Column b = right.evaluate(context, selection, count);
        result = prepare(result, type, context);
        boolean hasNulls = unionNulls(result, selection, count, a, b);
        boolean[] nulls = result.nulls();
        try {
            if (type.kind() == TypeKind.INTEGER) {
                evaluateInts(((IntColumn) a).values(), ((IntColumn) b).values(), ((IntColumn) result).values(), hasNulls,
                        nulls, selection, count);
            } else {
                evaluateLongs(((LongColumn) a).values(), ((LongColumn) b).values(), ((LongColumn) result).values(),
                        hasNulls, nulls, selection, count);
            }
        } catch (ArithmeticException e) {
            throw ArithmeticErrors.overflow(type.kind());
        }
        return result;
    }

    private void evaluateInts(int[] x, int[] y, int[] out, boolean hasNulls, boolean[] nulls, int[] selection, int count) {
        switch (operator) {
            case ADD -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        out[i] = Math.addExact(x[i], y[i]);
                    }
                }
            }
            case SUBTRACT -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        out[i] = Math.subtractExact(x[i], y[i]);
                    }
                }
            }
            case MULTIPLY -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        out[i] = Math.multiplyExact(x[i], y[i]);
                    }
                }
            }
            case DIVIDE -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        int divisor = y[i];
                        if (divisor == 0) {
                            throw ArithmeticErrors.divisionByZero();
                        }
                        if (divisor == -1) {
                            out[i] = Math.negateExact(x[i]);
                        } else {
                            out[i] = x[i] / divisor;
                        }
                    }
                }
            }
            case MODULO -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        int divisor = y[i];
                        if (divisor == 0) {
                            throw ArithmeticErrors.divisionByZero();
                        }
                        out[i] = divisor == -1 ? 0 : x[i] % divisor;
                    }
                }
            }
        }
    }

    private void evaluateLongs(long[] x, long[] y, long[] out, boolean hasNulls, boolean[] nulls, int[] selection,
            int count) {
        switch (operator) {
            case ADD -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        out[i] = Math.addExact(x[i], y[i]);
                    }
                }
            }
            case SUBTRACT -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        out[i] = Math.subtractExact(x[i], y[i]);
                    }
                }
            }
            case MULTIPLY -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        out[i] = Math.multiplyExact(x[i], y[i]);
                    }
                }
            }
            case DIVIDE -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        long divisor = y[i];
                        if (divisor == 0) {
                            throw ArithmeticErrors.divisionByZero();
                        }
                        out[i] = divisor == -1 ? Math.negateExact(x[i]) : x[i] / divisor;
                    }
                }
            }
            case MODULO -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        long divisor = y[i];
                        if (divisor == 0) {
                            throw ArithmeticErrors.divisionByZero();
                        }
                        out[i] = divisor == -1 ? 0 : x[i] % divisor;
                    }
                }
            }
        }
    }
}
