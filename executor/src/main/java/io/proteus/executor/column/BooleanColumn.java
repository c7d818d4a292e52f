package io.proteus.executor.column;

import io.proteus.executor.type.DataType;
import java.util.Arrays;

/** A column of BOOLEAN values (also used for the values of the NULL type, which are all null). */
public final class BooleanColumn extends Column {

    private boolean[] values = new boolean[0];

    public BooleanColumn(DataType type) {
        super(type);
    }

    public boolean[] values() {
        return values;
    }

    @Override
    protected void growValues(int newCapacity) {
        values = Arrays.copyOf(values, newCapacity);
    }

    /** Whether the row is TRUE (not FALSE, not NULL). */
    public boolean isTrue(int row) {
        return values[row] && !isNull(row);
    }

    @Override
    public void copyRow(int row, Column from, int fromRow) {
        BooleanColumn source = (BooleanColumn) from;
        values[row] = source.values[fromRow];
        setNull(row, source.isNull(fromRow));
    }

    @Override
    public boolean valueEquals(int row, Column other, int otherRow) {
        return values[row] == ((BooleanColumn) other).values[otherRow];
    }

    @Override
    public int compareValues(int row, Column other, int otherRow) {
        return Boolean.compare(values[row], ((BooleanColumn) other).values[otherRow]);
    }

    @Override
    public long retainedBytes() {
        return values.length + nulls.length + 32L;
    }

    @Override
    public Object toJavaValue(int row) {
        return isNull(row) ? null : values[row];
    }
}
