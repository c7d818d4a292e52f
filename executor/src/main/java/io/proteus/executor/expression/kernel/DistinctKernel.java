package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/** {@code a IS [NOT] DISTINCT FROM b}: NULL-safe equality, never NULL; operands have a common representation. */
public final class DistinctKernel extends Kernel {

    private final boolean distinct;
    private final Kernel left;
    private final Kernel right;
    private BooleanColumn result;

    public DistinctKernel(boolean distinct, Kernel left, Kernel right) {
        super(DataType.bool(false));
        this.distinct = distinct;
        this.left = left;
        this.right = right;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column a = left.evaluate(context, selection, count);
        Column b = right.evaluate(context, selection, count);
        result = prepare(result, type, context);
        result.setNoNulls();
        boolean[] out = result.values();
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            boolean leftNull = a.isNull(i);
            boolean rightNull = b.isNull(i);
            boolean same;
            if (leftNull || rightNull) {
                same = leftNull && rightNull;
            } else {
                same = a.valueEquals(i, b, i);
            }
            out[i] = same != distinct;
        }
        return result;
    }
}
