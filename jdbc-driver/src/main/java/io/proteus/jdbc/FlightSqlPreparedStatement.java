package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A prepared statement over a Flight SQL prepared statement ({@code CreatePreparedStatement}).
 *
 * <p>The {@code ?} parameters are sent as a one-row Arrow batch ({@link ParameterBinder}) with each execution:
 * {@link #execute()} and {@link #executeQuery()} bind them and fetch the result like {@link FlightSqlStatement}
 * does, {@link #executeUpdate()} runs the prepared update. Closing the statement closes the server's prepared
 * statement.
 */
final class FlightSqlPreparedStatement extends FlightSqlStatement implements PreparedStatement {
    private final String sql;
    private final FlightSqlClient.PreparedStatement prepared;
    private final Map<Integer, ParameterBinder.Parameter> parameters = new HashMap<>();
    private final List<Map<Integer, ParameterBinder.Parameter>> batches = new ArrayList<>();

    private FlightSqlPreparedStatement(ProteusConnection connection, String sql,
            FlightSqlClient.PreparedStatement prepared) {
        super(connection);
        this.sql = requireNonNull(sql, "sql is null");
        this.prepared = requireNonNull(prepared, "prepared is null");
    }

    static FlightSqlPreparedStatement prepare(ProteusConnection connection, String sql) throws SQLException {
        requireSql(sql);
        FlightSession session = connection.session();
        try {
            return new FlightSqlPreparedStatement(connection, sql,
                    session.sqlClient().prepare(sql, session.callOptions()));
        } catch (RuntimeException e) {
            throw SqlErrors.fromClient(e);
        }
    }

    @Override
    public String toString() {
        return "FlightSqlPreparedStatement[" + sql + "]";
    }

    /** Sends the current parameters with the next execution. */
    private void bindParameters(Map<Integer, ParameterBinder.Parameter> values) throws SQLException {
        Schema parameterSchema;
        try {
            parameterSchema = prepared.getParameterSchema();
        } catch (RuntimeException e) {
            throw SqlErrors.fromClient(e);
        }
        VectorSchemaRoot root = ParameterBinder.bind(parameterSchema, values, session.allocator());
        // The prepared statement owns the batch from now on and closes the previous one.
        prepared.setParameters(root);
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        bindParameters(parameters);
        return executeQueryCall(prepared::execute);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!execute()) {
            throw new SQLException("The statement did not return a result set: " + sql, SqlErrors.GENERAL_ERROR);
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return toIntCount(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkOpen();
        bindParameters(parameters);
        return executeUpdateCall(prepared::executeUpdate);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batches.add(new HashMap<>(parameters));
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batches.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Map<Integer, ParameterBinder.Parameter>> sets = new ArrayList<>(batches);
        batches.clear();
        long[] counts = new long[sets.size()];
        for (int index = 0; index < counts.length; index++) {
            try {
                bindParameters(sets.get(index));
                counts[index] = executeUpdateCall(prepared::executeUpdate);
            } catch (SQLException e) {
                throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(),
                        Arrays.copyOf(counts, index), e);
            }
        }
        return counts;
    }

    @Override
    void closeServerResources() {
        try {
            prepared.close(session.callOptions());
        } catch (RuntimeException ignored) {
            // The server forgets prepared statements of closed sessions; nothing else can be done here.
        } finally {
            // Releases the parameter batch even when closing on the server failed.
            prepared.clearParameters();
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        Schema schema;
        try {
            schema = prepared.getResultSetSchema();
        } catch (RuntimeException e) {
            throw SqlErrors.fromClient(e);
        }
        if (schema.getFields().isEmpty()) {
            return null;
        }
        List<ColumnDescription> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            columns.add(ColumnDescription.of(field));
        }
        return new ArrowResultSetMetaData(columns);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        try {
            return new ArrowParameterMetaData(prepared.getParameterSchema().getFields());
        } catch (RuntimeException e) {
            throw SqlErrors.fromClient(e);
        }
    }

    private void set(int parameterIndex, Object value, int sqlType) throws SQLException {
        checkOpen();
        if (parameterIndex < 1) {
            throw new SQLException("Parameter index " + parameterIndex + " is out of range",
                    SqlErrors.INVALID_DESCRIPTOR_INDEX);
        }
        parameters.put(parameterIndex, new ParameterBinder.Parameter(value, sqlType));
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters.clear();
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        set(parameterIndex, null, sqlType);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        set(parameterIndex, null, sqlType);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean value) throws SQLException {
        set(parameterIndex, value, Types.BOOLEAN);
    }

    @Override
    public void setByte(int parameterIndex, byte value) throws SQLException {
        set(parameterIndex, value, Types.TINYINT);
    }

    @Override
    public void setShort(int parameterIndex, short value) throws SQLException {
        set(parameterIndex, value, Types.SMALLINT);
    }

    @Override
    public void setInt(int parameterIndex, int value) throws SQLException {
        set(parameterIndex, value, Types.INTEGER);
    }

    @Override
    public void setLong(int parameterIndex, long value) throws SQLException {
        set(parameterIndex, value, Types.BIGINT);
    }

    @Override
    public void setFloat(int parameterIndex, float value) throws SQLException {
        set(parameterIndex, value, Types.REAL);
    }

    @Override
    public void setDouble(int parameterIndex, double value) throws SQLException {
        set(parameterIndex, value, Types.DOUBLE);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal value) throws SQLException {
        set(parameterIndex, value, Types.DECIMAL);
    }

    @Override
    public void setString(int parameterIndex, String value) throws SQLException {
        set(parameterIndex, value, Types.VARCHAR);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        set(parameterIndex, value, Types.VARCHAR);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] value) throws SQLException {
        set(parameterIndex, value == null ? null : value.clone(), Types.VARBINARY);
    }

    @Override
    public void setDate(int parameterIndex, Date value) throws SQLException {
        set(parameterIndex, value == null ? null : value.toLocalDate(), Types.DATE);
    }

    @Override
    public void setDate(int parameterIndex, Date value, Calendar calendar) throws SQLException {
        if (value == null || calendar == null) {
            setDate(parameterIndex, value);
            return;
        }
        set(parameterIndex, value.toInstant().atZone(zone(calendar)).toLocalDate(), Types.DATE);
    }

    @Override
    public void setTime(int parameterIndex, Time value) throws SQLException {
        set(parameterIndex, value == null ? null : value.toLocalTime().withNano(
                (int) Math.floorMod(value.getTime(), 1000L) * 1_000_000), Types.TIME);
    }

    @Override
    public void setTime(int parameterIndex, Time value, Calendar calendar) throws SQLException {
        if (value == null || calendar == null) {
            setTime(parameterIndex, value);
            return;
        }
        set(parameterIndex, java.time.Instant.ofEpochMilli(value.getTime()).atZone(zone(calendar)).toLocalTime(),
                Types.TIME);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp value) throws SQLException {
        set(parameterIndex, value == null ? null : value.toLocalDateTime(), Types.TIMESTAMP);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp value, Calendar calendar) throws SQLException {
        if (value == null || calendar == null) {
            setTimestamp(parameterIndex, value);
            return;
        }
        set(parameterIndex, value.toInstant().atZone(zone(calendar)).toLocalDateTime(), Types.TIMESTAMP);
    }

    private static ZoneId zone(Calendar calendar) {
        return calendar.getTimeZone().toZoneId();
    }

    @Override
    public void setObject(int parameterIndex, Object value) throws SQLException {
        if (value instanceof Date) {
            setDate(parameterIndex, (Date) value);
        } else if (value instanceof Time) {
            setTime(parameterIndex, (Time) value);
        } else if (value instanceof Timestamp) {
            setTimestamp(parameterIndex, (Timestamp) value);
        } else if (value instanceof byte[]) {
            setBytes(parameterIndex, (byte[]) value);
        } else if (value instanceof Character) {
            setString(parameterIndex, value.toString());
        } else {
            set(parameterIndex, value, Types.OTHER);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object value, int targetSqlType) throws SQLException {
        if (value == null) {
            setNull(parameterIndex, targetSqlType);
        } else {
            setObject(parameterIndex, value);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object value, int targetSqlType, int scaleOrLength)
            throws SQLException {
        setObject(parameterIndex, value, targetSqlType);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream value, int length) throws SQLException {
        setAsciiStream(parameterIndex, value, (long) length);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream value, long length) throws SQLException {
        byte[] bytes = read(value, length);
        setString(parameterIndex, bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream value) throws SQLException {
        setAsciiStream(parameterIndex, value, -1L);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream value, int length) throws SQLException {
        byte[] bytes = read(value, length);
        setString(parameterIndex, bytes == null ? null : new String(bytes, StandardCharsets.UTF_16BE));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream value, int length) throws SQLException {
        setBinaryStream(parameterIndex, value, (long) length);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream value, long length) throws SQLException {
        set(parameterIndex, read(value, length), Types.VARBINARY);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream value) throws SQLException {
        setBinaryStream(parameterIndex, value, -1L);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader value, int length) throws SQLException {
        setCharacterStream(parameterIndex, value, (long) length);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        setString(parameterIndex, read(value, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader value) throws SQLException {
        setCharacterStream(parameterIndex, value, -1L);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        setCharacterStream(parameterIndex, value, length);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        setCharacterStream(parameterIndex, value, -1L);
    }

    /** Reads a whole stream, or its first {@code length} bytes when {@code length} is not negative. */
    private static byte[] read(InputStream stream, long length) throws SQLException {
        if (stream == null) {
            return null;
        }
        try {
            return length < 0 ? stream.readAllBytes() : stream.readNBytes(Math.toIntExact(length));
        } catch (IOException | ArithmeticException e) {
            throw new SQLException("Cannot read the parameter stream: " + e.getMessage(), SqlErrors.DATA_EXCEPTION, e);
        }
    }

    private static String read(Reader reader, long length) throws SQLException {
        if (reader == null) {
            return null;
        }
        try {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            long remaining = length < 0 ? Long.MAX_VALUE : length;
            while (remaining > 0) {
                int count = reader.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (count < 0) {
                    break;
                }
                text.append(buffer, 0, count);
                remaining -= count;
            }
            return text.toString();
        } catch (IOException e) {
            throw new SQLException("Cannot read the parameter stream: " + e.getMessage(), SqlErrors.DATA_EXCEPTION, e);
        }
    }

    @Override
    public void setRef(int parameterIndex, Ref value) throws SQLException {
        throw SqlErrors.notSupported("Ref parameters");
    }

    @Override
    public void setBlob(int parameterIndex, Blob value) throws SQLException {
        throw SqlErrors.notSupported("Blob parameters");
    }

    @Override
    public void setBlob(int parameterIndex, InputStream value, long length) throws SQLException {
        setBinaryStream(parameterIndex, value, length);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream value) throws SQLException {
        setBinaryStream(parameterIndex, value);
    }

    @Override
    public void setClob(int parameterIndex, Clob value) throws SQLException {
        throw SqlErrors.notSupported("Clob parameters");
    }

    @Override
    public void setClob(int parameterIndex, Reader value, long length) throws SQLException {
        setCharacterStream(parameterIndex, value, length);
    }

    @Override
    public void setClob(int parameterIndex, Reader value) throws SQLException {
        setCharacterStream(parameterIndex, value);
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        throw SqlErrors.notSupported("NClob parameters");
    }

    @Override
    public void setNClob(int parameterIndex, Reader value, long length) throws SQLException {
        setCharacterStream(parameterIndex, value, length);
    }

    @Override
    public void setNClob(int parameterIndex, Reader value) throws SQLException {
        setCharacterStream(parameterIndex, value);
    }

    @Override
    public void setArray(int parameterIndex, Array value) throws SQLException {
        throw SqlErrors.notSupported("Array parameters");
    }

    @Override
    public void setURL(int parameterIndex, URL value) throws SQLException {
        setString(parameterIndex, value == null ? null : value.toString());
    }

    @Override
    public void setRowId(int parameterIndex, RowId value) throws SQLException {
        throw SqlErrors.notSupported("RowId parameters");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML value) throws SQLException {
        throw SqlErrors.notSupported("SQLXML parameters");
    }

    // JDBC forbids the SQL-text methods of Statement on a PreparedStatement.

    private static SQLException textNotAllowed() {
        return new SQLException("A PreparedStatement cannot execute other SQL text", SqlErrors.GENERAL_ERROR);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw textNotAllowed();
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw textNotAllowed();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw textNotAllowed();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw textNotAllowed();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw textNotAllowed();
    }
}
