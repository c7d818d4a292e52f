package io.proteus.executor.column;

import io.proteus.executor.type.DataType;
import java.time.LocalDate;
import java.util.Arrays;

/** A column of INTEGER values, or of DATE values as days since 1970-01-01. */
public final class IntColumn extends Column {

    private int[] values = new int[0];

    public IntColumn(DataType type) {
        super(type);
    }

    public int[] values() {
        return values;
    }

    @Override
    protected void growValues(int newCapacity) {
        values = Arrays.copyOf(values, newCapacity);
    }

    @Override
    public void copyRow(int row, Column from, int fromRow) {
        IntColumn source = (IntColumn) from;
        values[row] = source.values[fromRow];
        setNull(row, source.isNull(fromRow));
    }

    @Override
    public boolean valueEquals(int row, Column other, int otherRow) {
        return values[row] == ((IntColumn) other).values[otherRow];
    }

    @Override
    public int compareValues(int row, Column other, int otherRow) {
        return Integer.compare(values[row], ((IntColumn) other).values[otherRow]);
    }

    @Override
    public long retainedBytes() {
        return values.length * 4L + nulls.length + 32L;
    }

    @Override
    public Object toJavaValue(int row) {
        if (isNull(row)) {
            return null;
        }
        return switch (type.kind()) {
            case DATE -> LocalDate.ofEpochDay(values[row]);
            default -> values[row];
        };
    }
}
