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

    private final boolean eager;

    public LogicalKernel(boolean conjunction, List<Kernel> operands) {
        super(DataType.bool(operands.stream().anyMatch(o -> o.type().nullable())));
        this.conjunction = conjunction;
        this.operands = List.copyOf(operands);
        this.eager = operands.stream().allMatch(Kernel::isSimple);
    }

    @Override
    public boolean isSimple() {
        return eager;
    }

    /**
     * Evaluates every (simple, failure-free) operand over the same rows and combines them without branches: AND is
     * FALSE if any operand is FALSE, else NULL if any is NULL, else TRUE (OR symmetrically).
     */
    private Column evaluateEagerly(EvaluationContext context, int[] selection, int count) {
        result = prepare(result, type, context);
        boolean[] values = result.values();
        boolean[] nulls = result.prepareNulls();
        boolean anyNulls = false;
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            values[i] = conjunction;
            nulls[i] = false;
        }
        for (Kernel operand : operands) {
            BooleanColumn column = (BooleanColumn) operand.evaluate(context, selection, count);
            boolean[] operandValues = column.values();
            if (!column.mayHaveNulls()) {
                if (conjunction) {
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        values[i] &= operandValues[i];
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        values[i] |= operandValues[i];
                    }
                }
            } else {
                anyNulls = true;
                boolean[] operandNulls = column.nulls();
                // Track "decided" in values (FALSE for AND, TRUE for OR) and "unknown" in nulls, resolved at the end.
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    boolean isNull = operandNulls[i];
                    if (conjunction) {
                        values[i] &= operandValues[i] | isNull;
                    } else {
                        values[i] |= operandValues[i] & !isNull;
                    }
                    nulls[i] |= isNull;
                }
            }
        }
        if (!anyNulls) {
            result.setNoNulls();
            return result;
        }
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            // A decided row (FALSE for AND, TRUE for OR) is never NULL.
            nulls[i] &= values[i] == conjunction;
        }
        return result;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        if (eager) {
            return evaluateEagerly(context, selection, count);
        }
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
            // Branch-free: rows are decided at random, so branches would mispredict.
            if (!operandNulls) {
                for (int k = 0; k < activeCount; k++) {
                    int i = active == null ? k : active[k];
                    boolean decided = operandValues[i] == decisive;
                    values[i] = decided ? decisive : values[i];
                    nulls[i] &= !decided;
                    next[nextCount] = i;
                    nextCount += decided ? 0 : 1;
                }
            } else {
                for (int k = 0; k < activeCount; k++) {
                    int i = active == null ? k : active[k];
                    boolean isNull = operandNullFlags[i];
                    boolean decided = (operandValues[i] == decisive) & !isNull;
                    values[i] = decided ? decisive : values[i];
                    nulls[i] = (nulls[i] | isNull) & !decided;
                    anyNull |= isNull;
                    next[nextCount] = i;
                    nextCount += decided ? 0 : 1;
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
