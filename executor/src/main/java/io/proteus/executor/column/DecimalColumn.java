package io.proteus.executor.column;

import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A column of DECIMAL values as unscaled integers at the type's scale. Values that fit a signed long live in
 * {@link #values()}; wider values (up to 128 bits and beyond, for intermediate results) live in a lazily created
 * {@link BigInteger} array. The representation is canonical: a value is wide exactly when it does not fit a long.
 */
public final class DecimalColumn extends Column {

    private long[] values = new long[0];
    private BigInteger[] wide;
    private boolean hasWide;

    public DecimalColumn(DataType type) {
        super(type);
    }

    public int precision() {
        return type.precision();
    }

    public int scale() {
        return type.scale();
    }

    public long[] values() {
        return values;
    }

    @Override
    protected void growValues(int newCapacity) {
        values = Arrays.copyOf(values, newCapacity);
        if (wide != null) {
            wide = Arrays.copyOf(wide, newCapacity);
        }
    }

    /** Whether any value of the last evaluation may be wide. */
    public boolean hasWide() {
        return hasWide;
    }

    /** Forgets all wide values (before a new evaluation writes the column). */
    public void clearWide() {
        hasWide = false;
    }

    public boolean isWide(int row) {
        return hasWide && wide[row] != null;
    }

    /** Sets a value that fits a long. */
    public void setLong(int row, long unscaled) {
        values[row] = unscaled;
        if (hasWide) {
            wide[row] = null;
        }
    }

    /** Sets any value, keeping the representation canonical. */
    public void setBig(int row, BigInteger unscaled) {
        if (Decimals.fitsLong(unscaled)) {
            setLong(row, unscaled.longValue());
        } else {
            if (!hasWide) {
                if (wide == null || wide.length < capacity) {
                    wide = new BigInteger[capacity];
                } else {
                    Arrays.fill(wide, null);
                }
                hasWide = true;
            }
            wide[row] = unscaled;
            values[row] = 0;
        }
    }

    /** The unscaled value of a row as a BigInteger. */
    public BigInteger bigValue(int row) {
        return isWide(row) ? wide[row] : BigInteger.valueOf(values[row]);
    }

    public BigDecimal decimalValue(int row) {
        return new BigDecimal(bigValue(row), type.scale());
    }

    @Override
    public void copyRow(int row, Column from, int fromRow) {
        DecimalColumn source = (DecimalColumn) from;
        if (source.isWide(fromRow)) {
            setBig(row, source.wide[fromRow]);
        } else {
            setLong(row, source.values[fromRow]);
        }
        setNull(row, source.isNull(fromRow));
    }

    @Override
    public boolean valueEquals(int row, Column other, int otherRow) {
        DecimalColumn that = (DecimalColumn) other;
        boolean thisWide = isWide(row);
        if (thisWide != that.isWide(otherRow)) {
            return false;
        }
        return thisWide ? wide[row].equals(that.wide[otherRow]) : values[row] == that.values[otherRow];
    }

    @Override
    public int compareValues(int row, Column other, int otherRow) {
        DecimalColumn that = (DecimalColumn) other;
        if (!isWide(row) && !that.isWide(otherRow)) {
            return Long.compare(values[row], that.values[otherRow]);
        }
        return bigValue(row).compareTo(that.bigValue(otherRow));
    }

    @Override
    public long retainedBytes() {
        return values.length * 8L + (wide == null ? 0 : wide.length * 8L) + nulls.length + 32L;
    }

    @Override
    public Object toJavaValue(int row) {
        return isNull(row) ? null : decimalValue(row);
    }
}
