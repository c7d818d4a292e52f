package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnCopy;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * Searched CASE, evaluated lazily: each WHEN is evaluated over the rows no earlier WHEN took, and each THEN only over
 * the rows its WHEN made TRUE, so a branch's errors (division by zero, overflow) never fire for rows that do not take
 * it. Branches are already of the result type.
 */
public final class CaseKernel extends Kernel {

    private final List<Kernel> conditions;
    private final List<Kernel> branches;
    private final Kernel otherwise;
    private Column result;
    private int[] taken = new int[0];
    private int[] first = new int[0];
    private int[] second = new int[0];

    public CaseKernel(DataType type, List<Kernel> conditions, List<Kernel> branches, Kernel otherwise) {
        super(type);
        if (conditions.size() != branches.size()) {
            throw new IllegalArgumentException("CASE needs one branch per condition");
        }
        this.conditions = List.copyOf(conditions);
        this.branches = List.copyOf(branches);
        this.otherwise = otherwise;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        result = ConditionalKernels.prepareAssembled(result, type, context);
        int rows = Math.max(context.rowCount(), 1);
        taken = ConditionalKernels.grow(taken, rows);
        first = ConditionalKernels.grow(first, rows);
        second = ConditionalKernels.grow(second, rows);
        int[] remaining = selection;
        int remainingCount = count;
        boolean useFirst = true;
        for (int branch = 0; branch < conditions.size() && remainingCount > 0; branch++) {
            BooleanColumn condition = (BooleanColumn) conditions.get(branch).evaluate(context, remaining, remainingCount);
            int[] rest = useFirst ? first : second;
            useFirst = !useFirst;
            int takenCount = ConditionalKernels.split(condition, remaining, remainingCount, taken, rest);
            if (takenCount > 0) {
                Column value = branches.get(branch).evaluate(context, taken, takenCount);
                ColumnCopy.copyRows(value, taken, takenCount, result);
            }
            remaining = rest;
            remainingCount -= takenCount;
        }
        if (remainingCount > 0) {
            Column value = otherwise.evaluate(context, remaining, remainingCount);
            ColumnCopy.copyRows(value, remaining, remainingCount, result);
        }
        return result;
    }
}
