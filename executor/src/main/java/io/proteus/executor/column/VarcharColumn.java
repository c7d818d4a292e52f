package io.proteus.executor.column;

import io.proteus.executor.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A column of UTF-8 strings: row {@code i} is {@code data()[starts()[i] .. ends()[i])}. The column either owns its byte
 * buffer (values appended in any row order) or is a view over another column's bytes (results of SUBSTRING and TRIM,
 * which only move the bounds); a view is valid until that other column is rewritten. Strings are compared on their
 * bytes, which orders them by code point.
 */
public final class VarcharColumn extends Column {

    private int[] starts = new int[0];
    private int[] ends = new int[0];
    private byte[] ownBuffer = new byte[0];
    private byte[] data = ownBuffer;
    private int dataLength;
    private boolean view;

    public VarcharColumn(DataType type) {
        super(type);
    }

    public byte[] data() {
        return data;
    }

    public int[] starts() {
        return starts;
    }

    public int[] ends() {
        return ends;
    }

    public int start(int row) {
        return starts[row];
    }

    public int end(int row) {
        return ends[row];
    }

    public int length(int row) {
        return ends[row] - starts[row];
    }

    /** Bytes used in the owned buffer. */
    public int dataLength() {
        return dataLength;
    }

    @Override
    protected void growValues(int newCapacity) {
        starts = Arrays.copyOf(starts, newCapacity);
        ends = Arrays.copyOf(ends, newCapacity);
    }

    /** Starts a new evaluation that appends values to the column's own buffer. */
    public void resetData() {
        view = false;
        data = ownBuffer;
        dataLength = 0;
    }

    /** Starts a new evaluation whose values are ranges of {@code sharedData} (set with {@link #setRange}). */
    public void viewOf(byte[] sharedData) {
        view = true;
        data = sharedData;
    }

    /** Sets a row of a view to a range of the shared bytes. */
    public void setRange(int row, int start, int end) {
        starts[row] = start;
        ends[row] = end;
    }

    /** Makes sure the owned buffer has room for {@code additional} more bytes and returns it. */
    public byte[] reserveData(int additional) {
        if (view) {
            throw new IllegalStateException("cannot append to a view column");
        }
        long needed = (long) dataLength + additional;
        if (needed > ownBuffer.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("string column exceeds 2 GB");
            }
            int newLength = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, ownBuffer.length * 2L + 64));
            ownBuffer = Arrays.copyOf(ownBuffer, newLength);
            data = ownBuffer;
        }
        return ownBuffer;
    }

    /** Appends bytes as the value of {@code row}. */
    public void append(int row, byte[] source, int offset, int length) {
        byte[] buffer = reserveData(length);
        System.arraycopy(source, offset, buffer, dataLength, length);
        starts[row] = dataLength;
        dataLength += length;
        ends[row] = dataLength;
    }

    /** Records that the caller wrote {@code length} bytes at {@link #dataLength()} (after {@link #reserveData}) for {@code row}. */
    public void commitAppended(int row, int length) {
        starts[row] = dataLength;
        dataLength += length;
        ends[row] = dataLength;
    }

    /** Records that the caller wrote {@code length} bytes at {@link #dataLength()} and set the row bounds itself. */
    public void advanceDataLength(int length) {
        dataLength += length;
    }

    /** Appends a Java string as the value of {@code row}. */
    public void append(int row, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        append(row, bytes, 0, bytes.length);
    }

    /** Sets a row to the empty string without touching the buffer. */
    public void setEmpty(int row) {
        starts[row] = 0;
        ends[row] = 0;
    }

    public String stringValue(int row) {
        return new String(data, starts[row], ends[row] - starts[row], StandardCharsets.UTF_8);
    }

    @Override
    public void copyRow(int row, Column from, int fromRow) {
        VarcharColumn source = (VarcharColumn) from;
        if (source.isNull(fromRow)) {
            setEmpty(row);
            setNull(row, true);
        } else {
            append(row, source.data, source.starts[fromRow], source.ends[fromRow] - source.starts[fromRow]);
            setNull(row, false);
        }
    }

    @Override
    public boolean valueEquals(int row, Column other, int otherRow) {
        VarcharColumn that = (VarcharColumn) other;
        return Arrays.equals(data, starts[row], ends[row], that.data, that.starts[otherRow], that.ends[otherRow]);
    }

    @Override
    public int compareValues(int row, Column other, int otherRow) {
        VarcharColumn that = (VarcharColumn) other;
        return Arrays.compareUnsigned(data, starts[row], ends[row], that.data, that.starts[otherRow], that.ends[otherRow]);
    }

    @Override
    public long retainedBytes() {
        return starts.length * 8L + ownBuffer.length + nulls.length + 48L;
    }

    @Override
    public Object toJavaValue(int row) {
        return isNull(row) ? null : stringValue(row);
    }
}
