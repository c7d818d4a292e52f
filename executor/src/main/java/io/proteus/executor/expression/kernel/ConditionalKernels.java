package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.type.DataType;

/** Shared plumbing of the kernels that assemble a result from operands evaluated over different row subsets. */
final class ConditionalKernels {

    private ConditionalKernels() {
    }

    /** Prepares a result that is assembled row subset by row subset. */
    static <C extends Column> C prepareAssembled(C column, DataType type, io.proteus.executor.expression.EvaluationContext context) {
        C result = Kernel.prepare(column, type, context);
        result.prepareNulls();
        if (result instanceof VarcharColumn strings) {
            strings.resetData();
        } else if (result instanceof DecimalColumn decimals) {
            decimals.clearWide();
        }
        return result;
    }

    /**
     * Splits {@code rows} (or {@code 0..count-1}) by the condition: TRUE rows go to {@code taken}, the others to
     * {@code rest}. Returns the number of taken rows; the rest count is {@code count} minus that.
     */
    static int split(BooleanColumn condition, int[] rows, int count, int[] taken, int[] rest) {
        boolean[] values = condition.values();
        boolean hasNulls = condition.mayHaveNulls();
        boolean[] nulls = condition.nulls();
        int takenCount = 0;
        int restCount = 0;
        for (int k = 0; k < count; k++) {
            int i = rows == null ? k : rows[k];
            if (values[i] && !(hasNulls && nulls[i])) {
                taken[takenCount++] = i;
            } else {
                rest[restCount++] = i;
            }
        }
        return takenCount;
    }

    static int[] grow(int[] buffer, int rows) {
        return buffer.length >= rows ? buffer : new int[Math.max(rows, 16)];
    }
}
