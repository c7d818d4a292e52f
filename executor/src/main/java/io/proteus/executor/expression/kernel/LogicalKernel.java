package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * N-ary AND / OR with three-valued logic, evaluated lazily: each operand is evaluated only over the rows not yet
 * decided by the previous ones (FALSE decides AND, TRUE decides OR), so later operands never see (nor fail on) rows
 * already decided.
 */
public final class LogicalKernel extends Kernel {

    private final boolean conjunction;
    private final List<Kernel> operands;
    private BooleanColumn result;
    private int[] first = new int[0];
    private int[] second = new int[0];

    public LogicalKernel(boolean conjunction, List<Kernel> operands) {
        super(DataType.bool(operands.stream().anyMatch(o -> o.type().nullable())));
        this.conjunction = conjunction;
        this.operands = List.copyOf(operands);
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        result = prepare(result, type, context);
        int rows = Math.max(context.rowCount(), 1);
        if (first.length < rows) {
            first = new int[rows];
            second = new int[rows];
        }
        boolean decisive = !conjunction;
        boolean[] values = result.values();
        boolean[] nulls = result.prepareNulls();
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            values[i] = conjunction;
            nulls[i] = false;
        }
        boolean anyNull = false;
        int[] active = selection;
        int activeCount = count;
        boolean useFirst = true;
        for (Kernel operand : operands) {
            if (activeCount == 0) {
                break;
            }
            BooleanColumn column = (BooleanColumn) operand.evaluate(context, active, activeCount);
            boolean[] operandValues = column.values();
            boolean operandNulls = column.mayHaveNulls();
            boolean[] operandNullFlags = column.nulls();
            int[] next = useFirst ? first : second;
            useFirst = !useFirst;
            int nextCount = 0;
            for (int k = 0; k < activeCount; k++) {
                int i = active == null ? k : active[k];
                if (operandNulls && operandNullFlags[i]) {
                    nulls[i] = true;
                    anyNull = true;
                    next[nextCount++] = i;
                } else if (operandValues[i] == decisive) {
                    values[i] = decisive;
                    nulls[i] = false;
                } else {
                    next[nextCount++] = i;
                }
            }
            active = next;
            activeCount = nextCount;
        }
        if (!anyNull) {
            result.setNoNulls();
        }
        return result;
    }
}
