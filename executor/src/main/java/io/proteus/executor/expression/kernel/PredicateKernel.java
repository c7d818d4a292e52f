package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/** The never-NULL tests {@code IS [NOT] NULL} (any operand type) and {@code IS [NOT] TRUE/FALSE} (BOOLEAN operand). */
public final class PredicateKernel extends Kernel {

    /** The tests. */
    public enum Test { IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE }

    private final Test test;
    private final Kernel operand;
    private BooleanColumn result;

    public PredicateKernel(Test test, Kernel operand) {
        super(DataType.bool(false));
        this.test = test;
        this.operand = operand;
    }

    @Override
    public boolean isSimple() {
        return operand.isSimple();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column input = operand.evaluate(context, selection, count);
        result = prepare(result, type, context);
        result.setNoNulls();
        boolean[] out = result.values();
        boolean hasNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        boolean[] values = input instanceof BooleanColumn booleans ? booleans.values() : null;
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            boolean isNull = hasNulls && nulls[i];
            out[i] = switch (test) {
                case IS_NULL -> isNull;
                case IS_NOT_NULL -> !isNull;
                case IS_TRUE -> !isNull && values[i];
                case IS_NOT_TRUE -> isNull || !values[i];
                case IS_FALSE -> !isNull && !values[i];
                case IS_NOT_FALSE -> isNull || values[i];
            };
        }
        return result;
    }
}
