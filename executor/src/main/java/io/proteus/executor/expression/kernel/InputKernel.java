package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/** Returns input column {@code index} of the bound batch (loaded once per batch by the context). */
public final class InputKernel extends Kernel {

    private final int index;

    public InputKernel(int index, DataType type) {
        super(type);
        this.index = index;
    }

    public int index() {
        return index;
    }

    @Override
    public boolean isSimple() {
        return true;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        return context.input(index);
    }
}
