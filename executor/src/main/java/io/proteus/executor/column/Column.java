package io.proteus.executor.column;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import java.util.Arrays;

/**
 * A column of values held in Java primitive arrays: the working representation of expression kernels, hash tables,
 * accumulators and sort keys. Row {@code i} of a batch is element {@code i}; a kernel evaluating over a selection only
 * writes the selected positions. Arrays are reused from batch to batch and only grow.
 *
 * <p>Null handling: when {@link #mayHaveNulls()} is false no value is null and the null array is ignored; when it is
 * true, {@code nulls[i]} is meaningful for every row written by the last evaluation.
 */
public abstract sealed class Column
        permits BooleanColumn, IntColumn, LongColumn, DoubleColumn, DecimalColumn, VarcharColumn {

    private static final boolean[] NO_NULLS = new boolean[0];

    protected final DataType type;
    protected boolean[] nulls = NO_NULLS;
    protected boolean mayHaveNulls;
    protected int capacity;

    protected Column(DataType type) {
        this.type = requireNonNull(type, "type");
    }

    /** The type of the values. */
    public final DataType type() {
        return type;
    }

    /** The number of rows the arrays can hold. */
    public final int capacity() {
        return capacity;
    }

    /** Grows the arrays to hold at least {@code rows} rows, keeping the current contents. */
    public final void ensureCapacity(int rows) {
        if (rows > capacity) {
            int newCapacity = Math.max(rows, capacity == 0 ? rows : (int) Math.min(Integer.MAX_VALUE - 8, capacity * 2L));
            growValues(newCapacity);
            if (nulls.length > 0 || mayHaveNulls) {
                nulls = Arrays.copyOf(nulls, newCapacity);
            }
            capacity = newCapacity;
        }
    }

    protected abstract void growValues(int newCapacity);

    public final boolean mayHaveNulls() {
        return mayHaveNulls;
    }

    /** The null flags; only meaningful when {@link #mayHaveNulls()}. */
    public final boolean[] nulls() {
        return nulls;
    }

    public final boolean isNull(int row) {
        return mayHaveNulls && nulls[row];
    }

    /** Declares that no value is null. */
    public final void setNoNulls() {
        mayHaveNulls = false;
    }

    /**
     * Declares that values may be null and returns the null array (of at least {@link #capacity()} elements); the
     * caller must then write the flag of every row it produces.
     */
    public final boolean[] prepareNulls() {
        if (nulls.length < capacity) {
            nulls = Arrays.copyOf(nulls, capacity);
        }
        mayHaveNulls = true;
        return nulls;
    }

    /**
     * Turns on null tracking, marking rows {@code 0..rows-1} as not null if tracking was off, so that earlier values
     * keep their meaning (used by columns that accumulate rows, such as group-key stores).
     */
    public final boolean[] enableNullsKeepingRows(int rows) {
        if (!mayHaveNulls) {
            if (nulls.length < capacity) {
                nulls = new boolean[capacity];
            } else {
                Arrays.fill(nulls, 0, rows, false);
            }
            mayHaveNulls = true;
        }
        return nulls;
    }

    /** Sets the null flag of one row, enabling null tracking (rows {@code 0..row-1} stay non-null) if needed. */
    public final void setNull(int row, boolean isNull) {
        if (isNull) {
            enableNullsKeepingRows(row)[row] = true;
        } else if (mayHaveNulls) {
            nulls[row] = false;
        }
    }

    /** Copies the value and null flag of row {@code fromRow} of {@code from} (a column of the same class) to {@code row}. */
    public abstract void copyRow(int row, Column from, int fromRow);

    /** Whether the non-null values at {@code row} and {@code otherRow} of a column of the same class are equal. */
    public abstract boolean valueEquals(int row, Column other, int otherRow);

    /** Compares the non-null values at {@code row} and {@code otherRow} of a column of the same class (SQL order). */
    public abstract int compareValues(int row, Column other, int otherRow);

    /** Approximate heap bytes retained by this column. */
    public abstract long retainedBytes();

    /** The value at {@code row} as a Java object (for tests and diagnostics), or null. */
    public abstract Object toJavaValue(int row);

    /** Creates an empty column for values of {@code type}. */
    public static Column create(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN, NULL -> new BooleanColumn(type);
            case INTEGER, DATE -> new IntColumn(type);
            case BIGINT -> new LongColumn(type);
            case DOUBLE -> new DoubleColumn(type);
            case DECIMAL -> new DecimalColumn(type);
            case VARCHAR -> new VarcharColumn(type);
        };
    }

    /** Creates a column for values of {@code type} with room for {@code capacity} rows. */
    public static Column create(DataType type, int capacity) {
        Column column = create(type);
        column.ensureCapacity(capacity);
        return column;
    }
}
