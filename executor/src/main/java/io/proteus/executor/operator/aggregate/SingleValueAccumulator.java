package io.proteus.executor.operator.aggregate;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * SINGLE_VALUE, the value of a scalar sub-query: the group's one value (NULL over no rows), and an error when the group
 * has more than one row. State: the value (as ANY_VALUE keeps it) and the BIGINT number of rows.
 */
final class SingleValueAccumulator extends Accumulator {

    private final MinMaxAccumulator value;
    private final CountAccumulator rows = new CountAccumulator(true);

    SingleValueAccumulator(DataType type) {
        this.value = MinMaxAccumulator.of(MinMaxAccumulator.Mode.ANY, type);
    }

    @Override
    void ensureGroups(int groups) {
        value.ensureGroups(groups);
        rows.ensureGroups(groups);
    }

    @Override
    void add(Column[] inputs, int[] groupIds, int[] selected, int count) {
        value.add(inputs, groupIds, selected, count);
        rows.add(inputs, groupIds, selected, count);
    }

    @Override
    void merge(Column[] states, int[] groupIds, int[] selected, int count) {
        value.merge(new Column[] {states[0]}, groupIds, selected, count);
        rows.merge(new Column[] {states[1]}, groupIds, selected, count);
    }

    @Override
    List<DataType> stateTypes() {
        List<DataType> types = new ArrayList<>(value.stateTypes());
        types.addAll(rows.stateTypes());
        return types;
    }

    @Override
    DataType resultType() {
        return value.resultType();
    }

    @Override
    Column[] states(int from, int count) {
        return new Column[] {value.result(from, count), rows.result(from, count)};
    }

    @Override
    Column result(int from, int count) {
        long[] counts = ((LongColumn) rows.result(from, count)).values();
        for (int i = 0; i < count; i++) {
            if (counts[i] > 1) {
                throw new DataException("Scalar sub-query returned more than one row");
            }
        }
        return value.result(from, count);
    }

    @Override
    long retainedBytes() {
        return value.retainedBytes() + rows.retainedBytes();
    }
}
