package io.proteus.executor.expression.kernel;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/**
 * A compiled expression node: evaluates a whole batch (or the selected rows of it) column-at-a-time into a
 * {@link Column} with type-specialised loops. The result is positional (row {@code i} of the batch is element
 * {@code i}); only selected positions are written. A kernel owns its result column and rewrites it on the next call,
 * so callers use it before evaluating the same kernel again.
 */
public abstract class Kernel {

    protected final DataType type;

    protected Kernel(DataType type) {
        this.type = requireNonNull(type, "type");
    }

    /** The type of the values this kernel produces. */
    public final DataType type() {
        return type;
    }

    /**
     * Evaluates rows {@code selection[0..count-1]} (ascending), or rows {@code 0..count-1} when {@code selection} is
     * null, of the batch bound to {@code context}.
     */
    public abstract Column evaluate(EvaluationContext context, int[] selection, int count);

    /**
     * Whether the kernel is cheap and can never fail (column references, constants, comparisons and null tests of
     * those), so that it may be evaluated for rows where a lazy parent would not need it.
     */
    public boolean isSimple() {
        return false;
    }

    /** Whether the kernel always produces the same value (a literal or an expression of literals). */
    public boolean isConstant() {
        return false;
    }

    /** Creates the result column on first use and makes room for the bound batch. */
    @SuppressWarnings("unchecked")
    protected static <C extends Column> C prepare(C column, DataType type, EvaluationContext context) {
        C result = column == null ? (C) Column.create(type) : column;
        result.ensureCapacity(Math.max(context.rowCount(), 1));
        return result;
    }

    /**
     * Sets the result's nulls to the union of the operands' nulls over the selected rows; returns false (and marks the
     * result null-free) when no operand has nulls.
     */
    protected static boolean unionNulls(Column result, int[] selection, int count, Column... operands) {
        boolean any = false;
        for (Column operand : operands) {
            any |= operand.mayHaveNulls();
        }
        if (!any) {
            result.setNoNulls();
            return false;
        }
        boolean[] nulls = result.prepareNulls();
        for (int k = 0; k < count; k++) {
            nulls[selection == null ? k : selection[k]] = false;
        }
        for (Column operand : operands) {
            if (operand.mayHaveNulls()) {
                boolean[] operandNulls = operand.nulls();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    nulls[i] |= operandNulls[i];
                }
            }
        }
        return true;
    }

    /** Copies the operand's null flags to the result over the selected rows. */
    protected static boolean copyNulls(Column result, int[] selection, int count, Column operand) {
        return unionNulls(result, selection, count, operand);
    }
}
