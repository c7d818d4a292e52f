package io.proteus.executor.operator.aggregate;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.type.DataType;
import java.util.Arrays;
import java.util.List;

/** COUNT(*) (no input) and COUNT(x) (non-NULL values of input 0). State: BIGINT count. */
final class CountAccumulator extends Accumulator {

    private final boolean star;
    private long[] counts = new long[0];

    CountAccumulator(boolean star) {
        this.star = star;
    }

    @Override
    void ensureGroups(int groups) {
        if (counts.length < groups) {
            counts = Arrays.copyOf(counts, grownCapacity(counts.length, groups));
        }
    }

    @Override
    void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
        if (star || !inputs[0].mayHaveNulls()) {
            for (int k = 0; k < count; k++) {
                counts[groupIds[rows == null ? k : rows[k]]]++;
            }
            return;
        }
        boolean[] nulls = inputs[0].nulls();
        for (int k = 0; k < count; k++) {
            int row = rows == null ? k : rows[k];
            if (!nulls[row]) {
                counts[groupIds[row]]++;
            }
        }
    }

    @Override
    void merge(Column[] states, int[] groupIds, int[] rows, int count) {
        LongColumn partial = (LongColumn) states[0];
        long[] values = partial.values();
        boolean hasNulls = partial.mayHaveNulls();
        boolean[] nulls = partial.nulls();
        for (int k = 0; k < count; k++) {
            int row = rows == null ? k : rows[k];
            if (!hasNulls || !nulls[row]) {
                counts[groupIds[row]] += values[row];
            }
        }
    }

    @Override
    List<DataType> stateTypes() {
        return List.of(DataType.bigint(false));
    }

    @Override
    DataType resultType() {
        return DataType.bigint(false);
    }

    @Override
    Column[] states(int from, int count) {
        return new Column[] {result(from, count)};
    }

    @Override
    Column result(int from, int count) {
        LongColumn column = new LongColumn(DataType.bigint(false));
        column.ensureCapacity(Math.max(count, 1));
        System.arraycopy(counts, from, column.values(), 0, count);
        return column;
    }

    @Override
    long retainedBytes() {
        return counts.length * 8L;
    }
}
