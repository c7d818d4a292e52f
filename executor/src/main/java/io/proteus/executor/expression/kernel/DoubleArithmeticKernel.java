package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/** Binary arithmetic on DOUBLE operands; division or modulo by zero raises "division by zero". */
public final class DoubleArithmeticKernel extends Kernel {

    private final ArithmeticOperator operator;
    private final Kernel left;
    private final Kernel right;
    private DoubleColumn result;

    public DoubleArithmeticKernel(ArithmeticOperator operator, Kernel left, Kernel right, DataType type) {
        super(type);
        this.operator = operator;
        this.left = left;
        this.right = right;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column a = left.evaluate(context, selection, count);
        Column b = right.evaluate(context, selection, count);
        double[] x = ((DoubleColumn) a).values();
        double[] y = ((DoubleColumn) b).values();
        result = prepare(result, type, context);
        boolean hasNulls = unionNulls(result, selection, count, a, b);
        boolean[] nulls = result.nulls();
        double[] out = result.values();
        switch (operator) {
            case ADD -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] + y[i];
                }
            }
            case SUBTRACT -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] - y[i];
                }
            }
            case MULTIPLY -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out[i] = x[i] * y[i];
                }
            }
            case DIVIDE, MODULO -> {
                boolean divide = operator == ArithmeticOperator.DIVIDE;
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        if (y[i] == 0.0) {
                            throw ArithmeticErrors.divisionByZero();
                        }
                        out[i] = divide ? x[i] / y[i] : x[i] % y[i];
                    }
                }
            }
        }
        return result;
    }
}
