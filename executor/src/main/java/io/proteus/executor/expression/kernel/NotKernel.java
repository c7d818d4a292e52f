package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/** Logical NOT (NULL stays NULL). */
public final class NotKernel extends Kernel {

    private final Kernel operand;
    private BooleanColumn result;

    public NotKernel(Kernel operand) {
        super(DataType.bool(operand.type().nullable()));
        this.operand = operand;
    }

    @Override
    public boolean isSimple() {
        return operand.isSimple();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        BooleanColumn input = (BooleanColumn) operand.evaluate(context, selection, count);
        result = prepare(result, type, context);
        copyNulls(result, selection, count, input);
        boolean[] in = input.values();
        boolean[] out = result.values();
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            out[i] = !in[i];
        }
        return result;
    }
}
