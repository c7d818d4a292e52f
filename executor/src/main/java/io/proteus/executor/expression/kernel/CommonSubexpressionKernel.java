package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnCopy;
import io.proteus.executor.expression.EvaluationContext;

/**
 * Shares one operand between several parents (the value of BETWEEN, NULLIF's first operand): within a batch each row
 * is computed at most once, whatever the selections the parents ask for.
 */
public final class CommonSubexpressionKernel extends Kernel {

    private final Kernel operand;
    private Column cache;
    private long epoch = -1;
    private int[] stamps = new int[0];
    private int stamp;
    private int[] missing = new int[0];

    public CommonSubexpressionKernel(Kernel operand) {
        super(operand.type());
        this.operand = operand;
    }

    @Override
    public boolean isConstant() {
        return operand.isConstant();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        int rows = Math.max(context.rowCount(), 1);
        if (epoch != context.epoch()) {
            epoch = context.epoch();
            cache = ConditionalKernels.prepareAssembled(cache, type, context);
            if (stamps.length < rows) {
                stamps = new int[rows];
                stamp = 0;
            }
            stamp++;
            if (stamp == Integer.MAX_VALUE) {
                java.util.Arrays.fill(stamps, 0);
                stamp = 1;
            }
            missing = ConditionalKernels.grow(missing, rows);
        }
        int missingCount = 0;
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            if (stamps[i] != stamp) {
                missing[missingCount++] = i;
                stamps[i] = stamp;
            }
        }
        if (missingCount > 0) {
            Column value = operand.evaluate(context, missing, missingCount);
            ColumnCopy.copyRows(value, missing, missingCount, cache);
        }
        return cache;
    }
}
