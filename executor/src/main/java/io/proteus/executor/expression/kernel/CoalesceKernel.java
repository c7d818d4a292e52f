package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnCopy;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import java.util.List;

/** COALESCE, evaluated lazily: each operand only over the rows all earlier operands left NULL. */
public final class CoalesceKernel extends Kernel {

    private final List<Kernel> operands;
    private Column result;
    private int[] found = new int[0];
    private int[] first = new int[0];
    private int[] second = new int[0];

    public CoalesceKernel(DataType type, List<Kernel> operands) {
        super(type);
        this.operands = List.copyOf(operands);
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        result = ConditionalKernels.prepareAssembled(result, type, context);
        int rows = Math.max(context.rowCount(), 1);
        found = ConditionalKernels.grow(found, rows);
        first = ConditionalKernels.grow(first, rows);
        second = ConditionalKernels.grow(second, rows);
        int[] remaining = selection;
        int remainingCount = count;
        boolean useFirst = true;
        for (Kernel operand : operands) {
            if (remainingCount == 0) {
                break;
            }
            Column value = operand.evaluate(context, remaining, remainingCount);
            if (!value.mayHaveNulls()) {
                ColumnCopy.copyRows(value, remaining, remainingCount, result);
                remainingCount = 0;
                break;
            }
            boolean[] nulls = value.nulls();
            int[] rest = useFirst ? first : second;
            useFirst = !useFirst;
            int foundCount = 0;
            int restCount = 0;
            for (int k = 0; k < remainingCount; k++) {
                int i = remaining == null ? k : remaining[k];
                if (nulls[i]) {
                    rest[restCount++] = i;
                } else {
                    found[foundCount++] = i;
                }
            }
            ColumnCopy.copyRows(value, found, foundCount, result);
            remaining = rest;
            remainingCount = restCount;
        }
        if (remainingCount > 0) {
            ColumnCopy.setNulls(remaining, remainingCount, result);
        }
        return result;
    }
}
