package io.proteus.executor.column;

import io.proteus.executor.type.DataType;
import java.util.Arrays;

/** A column of BIGINT values. */
public final class LongColumn extends Column {

    private long[] values = new long[0];

    public LongColumn(DataType type) {
        super(type);
    }

    public long[] values() {
        return values;
    }

    @Override
    protected void growValues(int newCapacity) {
        values = Arrays.copyOf(values, newCapacity);
    }

    @Override
    public void copyRow(int row, Column from, int fromRow) {
        LongColumn source = (LongColumn) from;
        values[row] = source.values[fromRow];
        setNull(row, source.isNull(fromRow));
    }

    @Override
    public boolean valueEquals(int row, Column other, int otherRow) {
        return values[row] == ((LongColumn) other).values[otherRow];
    }

    @Override
    public int compareValues(int row, Column other, int otherRow) {
        return Long.compare(values[row], ((LongColumn) other).values[otherRow]);
    }

    @Override
    public long retainedBytes() {
        return values.length * 8L + nulls.length + 32L;
    }

    @Override
    public Object toJavaValue(int row) {
        return isNull(row) ? null : values[row];
    }
}
