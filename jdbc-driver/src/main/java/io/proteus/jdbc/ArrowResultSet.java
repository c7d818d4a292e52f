package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A forward-only, read-only result set over Arrow batches.
 *
 * <p>Rows are read straight from the vectors of the current batch through one {@link ColumnAccessor} per column; a
 * batch is only fetched when the previous one is exhausted, so at most one batch is held in memory. When the last
 * row has been read (or {@code maxRows} reached), the underlying stream is released at once; {@link #close()}
 * releases it otherwise.
 *
 * <p>Column labels are matched case-insensitively; when two columns have the same label the first one wins.
 */
final class ArrowResultSet extends ReadOnlyForwardOnlyResultSet {
    private final Statement statement;
    private final List<ColumnDescription> columns;
    private final Map<String, Integer> columnIndexes = new HashMap<>();
    private final BatchSource source;
    private final long maxRows;
    private final Consumer<ArrowResultSet> onClose;

    private VectorSchemaRoot boundRoot;
    private ColumnAccessor[] accessors;
    /** Row of the current batch, -1 before its first row. */
    private int batchRow = -1;
    /** Number of rows returned by {@link #next()} so far. */
    private long rowNumber;
    private boolean onRow;
    private boolean exhausted;
    private boolean closed;
    private boolean wasNull;
    private int fetchSize;

    /**
     * @param statement the statement that produced the rows, or {@code null} for metadata result sets
     * @param columns the columns as announced by the server (their count must match the batches)
     * @param source the batches, owned (and closed) by this result set
     * @param maxRows the maximum number of rows to return, 0 for no limit
     * @param onClose called once when the result set is closed
     */
    ArrowResultSet(Statement statement, List<ColumnDescription> columns, BatchSource source, long maxRows,
            Consumer<ArrowResultSet> onClose) {
        this.statement = statement;
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.source = requireNonNull(source, "source is null");
        this.maxRows = maxRows;
        this.onClose = requireNonNull(onClose, "onClose is null");
        for (int index = columns.size() - 1; index >= 0; index--) {
            columnIndexes.put(columns.get(index).name().toLowerCase(Locale.ROOT), index + 1);
        }
    }

    /** Creates a result set over a batch already in memory; the result set takes ownership of the batch. */
    static ArrowResultSet ofBatch(VectorSchemaRoot root, Consumer<ArrowResultSet> onClose) {
        List<ColumnDescription> columns = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            columns.add(ColumnDescription.of(vector.getField()));
        }
        return new ArrowResultSet(null, columns, new InMemoryBatchSource(root), 0, onClose);
    }

    @Override
    void checkOpen() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("ResultSet");
        }
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        onRow = false;
        if (exhausted) {
            return false;
        }
        if (maxRows > 0 && rowNumber >= maxRows) {
            finish();
            return false;
        }
        while (boundRoot == null || batchRow + 1 >= boundRoot.getRowCount()) {
            boolean loaded;
            try {
                loaded = source.loadNextBatch();
            } catch (SQLException e) {
                finish();
                throw e;
            }
            if (!loaded) {
                finish();
                return false;
            }
            bind(source.root());
        }
        batchRow++;
        rowNumber++;
        onRow = true;
        return true;
    }

    private void bind(VectorSchemaRoot root) throws SQLException {
        batchRow = -1;
        if (root == boundRoot) {
            return;
        }
        List<FieldVector> vectors = root.getFieldVectors();
        if (vectors.size() != columns.size()) {
            finish();
            throw new SQLException("The server sent " + vectors.size() + " columns, but announced " + columns.size(),
                    SqlErrors.GENERAL_ERROR);
        }
        ColumnAccessor[] bound = new ColumnAccessor[vectors.size()];
        for (int index = 0; index < bound.length; index++) {
            FieldVector vector = vectors.get(index);
            if (vector.getField().getDictionary() != null) {
                finish();
                throw SqlErrors.notSupported("The dictionary-encoded column '" + vector.getName() + "'");
            }
            bound[index] = ColumnAccessor.of(vector);
        }
        accessors = bound;
        boundRoot = root;
    }

    /** Marks the end of the rows and releases the stream early. */
    private void finish() {
        exhausted = true;
        onRow = false;
        boundRoot = null;
        accessors = null;
        source.close();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        onRow = false;
        boundRoot = null;
        accessors = null;
        try {
            source.close();
        } finally {
            onClose.accept(this);
        }
    }

    /** Stops the transfer of the rows; called by {@link Statement#cancel()} from another thread. */
    void cancel() {
        source.cancel();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** The accessor of a column on the current row, or {@code null} when the value is null (sets wasNull). */
    private ColumnAccessor column(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw new SQLException("Column index " + columnIndex + " is out of range (1 to " + columns.size() + ")",
                    SqlErrors.INVALID_DESCRIPTOR_INDEX);
        }
        if (!onRow) {
            throw new SQLException("The result set is not on a row", SqlErrors.INVALID_CURSOR_STATE);
        }
        ColumnAccessor accessor = accessors[columnIndex - 1];
        wasNull = accessor.isNull(batchRow);
        return wasNull ? null : accessor;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        Integer index = columnLabel == null ? null : columnIndexes.get(columnLabel.toLowerCase(Locale.ROOT));
        if (index == null) {
            throw new SQLException("Column '" + columnLabel + "' not found", SqlErrors.INVALID_DESCRIPTOR_INDEX);
        }
        return index;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor == null ? null : accessor.getString(batchRow);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor != null && accessor.getBoolean(batchRow);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return (byte) integer(columnIndex, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return (short) integer(columnIndex, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return (int) integer(columnIndex, Integer.MIN_VALUE, Integer.MAX_VALUE, "INTEGER");
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor == null ? 0 : accessor.getLong(batchRow);
    }

    private long integer(int columnIndex, long minimum, long maximum, String target) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        if (accessor == null) {
            return 0;
        }
        long value = accessor.getLong(batchRow);
        if (value < minimum || value > maximum) {
            throw Values.outOfRange(value, target);
        }
        return value;
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor == null ? 0 : (float) accessor.getDouble(batchRow);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor == null ? 0 : accessor.getDouble(batchRow);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor == null ? null : accessor.getBigDecimal(batchRow);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal value = getBigDecimal(columnIndex);
        return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor == null ? null : accessor.getBytes(batchRow);
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        if (accessor == null) {
            return null;
        }
        LocalDate date;
        if (accessor.isInstant()) {
            date = accessor.getInstant(batchRow, null).atZone(zone(calendar)).toLocalDate();
        } else {
            date = accessor.getLocalDate(batchRow);
        }
        if (calendar == null) {
            return Date.valueOf(date);
        }
        return new Date(date.atStartOfDay(zone(calendar)).toInstant().toEpochMilli());
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        if (accessor == null) {
            return null;
        }
        LocalTime time;
        if (accessor.isInstant()) {
            time = accessor.getInstant(batchRow, null).atZone(zone(calendar)).toLocalTime();
        } else {
            time = accessor.getLocalTime(batchRow);
        }
        long millis = time.atDate(LocalDate.of(1970, 1, 1)).atZone(zone(calendar)).toInstant().toEpochMilli();
        return new Time(millis);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        if (accessor == null) {
            return null;
        }
        if (accessor.isInstant()) {
            return Timestamp.from(accessor.getInstant(batchRow, null));
        }
        LocalDateTime dateTime = accessor.getLocalDateTime(batchRow);
        if (calendar == null) {
            return Timestamp.valueOf(dateTime);
        }
        return Timestamp.from(dateTime.atZone(zone(calendar)).toInstant());
    }

    private static ZoneId zone(Calendar calendar) {
        return calendar == null ? ZoneId.systemDefault() : calendar.getTimeZone().toZoneId();
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String value = getString(columnIndex);
        return value == null ? null : new ByteArrayInputStream(value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        String value = getString(columnIndex);
        return value == null ? null : new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_16BE));
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] value = getBytes(columnIndex);
        return value == null ? null : new ByteArrayInputStream(value);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String value = getString(columnIndex);
        return value == null ? null : new StringReader(value);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        ColumnAccessor accessor = column(columnIndex);
        return accessor == null ? null : accessor.getObject(batchRow);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("The type is null", SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
        ColumnAccessor accessor = column(columnIndex);
        if (accessor == null) {
            return null;
        }
        Object value = convert(accessor, columnIndex, type);
        return type.cast(value);
    }

    private Object convert(ColumnAccessor accessor, int columnIndex, Class<?> type) throws SQLException {
        if (type == String.class) {
            return accessor.getString(batchRow);
        }
        if (type == Integer.class) {
            return getInt(columnIndex);
        }
        if (type == Long.class) {
            return accessor.getLong(batchRow);
        }
        if (type == Short.class) {
            return getShort(columnIndex);
        }
        if (type == Byte.class) {
            return getByte(columnIndex);
        }
        if (type == Double.class) {
            return accessor.getDouble(batchRow);
        }
        if (type == Float.class) {
            return (float) accessor.getDouble(batchRow);
        }
        if (type == BigDecimal.class) {
            return accessor.getBigDecimal(batchRow);
        }
        if (type == BigInteger.class) {
            return accessor.getBigDecimal(batchRow).toBigInteger();
        }
        if (type == Boolean.class) {
            return accessor.getBoolean(batchRow);
        }
        if (type == byte[].class) {
            return accessor.getBytes(batchRow);
        }
        if (type == Date.class) {
            return getDate(columnIndex);
        }
        if (type == Time.class) {
            return getTime(columnIndex);
        }
        if (type == Timestamp.class || type == java.util.Date.class) {
            return getTimestamp(columnIndex);
        }
        if (type == LocalDate.class) {
            return accessor.isInstant() ? getTimestamp(columnIndex).toLocalDateTime().toLocalDate()
                    : accessor.getLocalDate(batchRow);
        }
        if (type == LocalTime.class) {
            return accessor.isInstant() ? getTimestamp(columnIndex).toLocalDateTime().toLocalTime()
                    : accessor.getLocalTime(batchRow);
        }
        if (type == LocalDateTime.class) {
            return accessor.isInstant() ? getTimestamp(columnIndex).toLocalDateTime()
                    : accessor.getLocalDateTime(batchRow);
        }
        if (type == Instant.class) {
            return accessor.getInstant(batchRow, ZoneId.systemDefault());
        }
        if (type == OffsetDateTime.class || type == ZonedDateTime.class) {
            ZoneId zone = accessor.zone() == null ? ZoneId.systemDefault() : accessor.zone();
            ZonedDateTime value = accessor.getInstant(batchRow, ZoneId.systemDefault()).atZone(zone);
            return type == ZonedDateTime.class ? value : value.toOffsetDateTime();
        }
        Object value = accessor.getObject(batchRow);
        if (type.isInstance(value)) {
            return value;
        }
        throw Values.cannotConvert(value, type.getName());
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
        return getDate(findColumn(columnLabel), calendar);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
        return getTime(findColumn(columnLabel), calendar);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
        return getTimestamp(findColumn(columnLabel), calendar);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new ArrowResultSetMetaData(columns);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        if (rowNumber > 0 || exhausted) {
            return false;
        }
        // JDBC: false when there are no rows at all, which is only known after loading the first batch.
        if (boundRoot == null || boundRoot.getRowCount() == 0) {
            if (!loadFirstRows()) {
                return false;
            }
        }
        return true;
    }

    /** Loads batches until one has rows, without moving the cursor. */
    private boolean loadFirstRows() throws SQLException {
        while (boundRoot == null || boundRoot.getRowCount() == 0) {
            boolean loaded;
            try {
                loaded = source.loadNextBatch();
            } catch (SQLException e) {
                finish();
                throw e;
            }
            if (!loaded) {
                finish();
                return false;
            }
            bind(source.root());
        }
        return true;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return exhausted && rowNumber > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return onRow && rowNumber == 1;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return onRow ? (int) Math.min(rowNumber, Integer.MAX_VALUE) : 0;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("The fetch size must not be negative", SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
        // Batches are sized by the server; the hint is kept only to be returned.
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return CLOSE_CURSORS_AT_COMMIT;
    }
}
