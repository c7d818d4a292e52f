package io.proteus.executor.column;

import io.proteus.executor.type.DataType;
import java.util.Arrays;

/**
 * A column of DOUBLE values. Equality treats {@code -0.0} and {@code 0.0} as equal and all NaNs as equal; ordering puts
 * NaN after every other value.
 */
public final class DoubleColumn extends Column {

    private double[] values = new double[0];

    public DoubleColumn(DataType type) {
        super(type);
    }

    public double[] values() {
        return values;
    }

    @Override
    protected void growValues(int newCapacity) {
        values = Arrays.copyOf(values, newCapacity);
    }

    @Override
    public void copyRow(int row, Column from, int fromRow) {
        DoubleColumn source = (DoubleColumn) from;
        values[row] = source.values[fromRow];
        setNull(row, source.isNull(fromRow));
    }

    @Override
    public boolean valueEquals(int row, Column other, int otherRow) {
        return compare(values[row], ((DoubleColumn) other).values[otherRow]) == 0;
    }

    @Override
    public int compareValues(int row, Column other, int otherRow) {
        return compare(values[row], ((DoubleColumn) other).values[otherRow]);
    }

    /** SQL comparison of doubles: {@code -0.0 = 0.0}, NaN equals NaN and is greater than every other value. */
    public static int compare(double left, double right) {
        if (left < right) {
            return -1;
        }
        if (left > right) {
            return 1;
        }
        if (left == right) {
            return 0;
        }
        return Boolean.compare(Double.isNaN(left), Double.isNaN(right));
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
