package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes the parameters of a prepared statement into a one-row Arrow batch, the form in which Flight SQL sends them.
 *
 * <p>When the server described the parameters (the parameter schema of {@code CreatePreparedStatement}), each value
 * is converted to its parameter's Arrow type. When it did not, the batch's schema is derived from the Java values
 * (and from the SQL type given with {@code setNull}).
 */
final class ParameterBinder {
    private ParameterBinder() {}

    /**
     * One parameter value.
     *
     * @param value the Java value, or {@code null} for SQL NULL
     * @param sqlType the {@link Types} code given with the value, or {@link Types#OTHER} when none was given
     */
    record Parameter(Object value, int sqlType) {}

    /**
     * Creates the parameter batch.
     *
     * @param schema the parameter schema from the server, possibly without fields
     * @param parameters the values by 1-based index
     * @return a batch owned by the caller: one row, or no row and no column when there are no parameters
     */
    static VectorSchemaRoot bind(Schema schema, Map<Integer, Parameter> parameters, BufferAllocator allocator)
            throws SQLException {
        requireNonNull(schema, "schema is null");
        List<Field> fields = schema.getFields();
        if (fields.isEmpty()) {
            if (parameters.isEmpty()) {
                return VectorSchemaRoot.of();
            }
            fields = inferFields(parameters);
        }
        for (int index = 1; index <= fields.size(); index++) {
            if (!parameters.containsKey(index)) {
                throw new SQLException("No value specified for parameter " + index, SqlErrors.WRONG_PARAMETER_COUNT);
            }
        }
        for (int index : parameters.keySet()) {
            if (index > fields.size()) {
                throw new SQLException("Parameter " + index + " is set, but the statement has only " + fields.size()
                        + " parameters", SqlErrors.WRONG_PARAMETER_COUNT);
            }
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
        try {
            root.allocateNew();
            for (int index = 0; index < fields.size(); index++) {
                write(root.getVector(index), 0, parameters.get(index + 1).value());
            }
            root.setRowCount(1);
            return root;
        } catch (SQLException | RuntimeException e) {
            root.close();
            if (e instanceof SQLException) {
                throw (SQLException) e;
            }
            throw SqlErrors.fromClient((RuntimeException) e);
        }
    }

    private static List<Field> inferFields(Map<Integer, Parameter> parameters) throws SQLException {
        int count = parameters.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Field> fields = new ArrayList<>(count);
        for (int index = 1; index <= count; index++) {
            Parameter parameter = parameters.get(index);
            if (parameter == null) {
                throw new SQLException("No value specified for parameter " + index, SqlErrors.WRONG_PARAMETER_COUNT);
            }
            ArrowType type = parameter.value() == null
                    ? typeOfSqlType(parameter.sqlType())
                    : typeOfValue(parameter.value());
            fields.add(new Field("parameter_" + index, FieldType.nullable(type), null));
        }
        return fields;
    }

    private static ArrowType typeOfValue(Object value) throws SQLException {
        if (value instanceof Integer) {
            return new ArrowType.Int(32, true);
        }
        if (value instanceof Long) {
            return new ArrowType.Int(64, true);
        }
        if (value instanceof Short) {
            return new ArrowType.Int(16, true);
        }
        if (value instanceof Byte) {
            return new ArrowType.Int(8, true);
        }
        if (value instanceof Boolean) {
            return ArrowType.Bool.INSTANCE;
        }
        if (value instanceof Double) {
            return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        }
        if (value instanceof Float) {
            return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            BigDecimal decimal = Values.toBigDecimal(value, "DECIMAL");
            if (decimal.scale() < 0) {
                decimal = decimal.setScale(0);
            }
            int precision = Math.max(decimal.precision(), decimal.scale());
            if (precision > 76) {
                throw Values.outOfRange(value, "DECIMAL(76)");
            }
            return new ArrowType.Decimal(precision, decimal.scale(), precision > 38 ? 256 : 128);
        }
        if (value instanceof String || value instanceof Character) {
            return ArrowType.Utf8.INSTANCE;
        }
        if (value instanceof byte[]) {
            return ArrowType.Binary.INSTANCE;
        }
        if (value instanceof java.sql.Date || value instanceof LocalDate) {
            return new ArrowType.Date(DateUnit.DAY);
        }
        if (value instanceof java.sql.Time || value instanceof LocalTime) {
            return new ArrowType.Time(TimeUnit.NANOSECOND, 64);
        }
        if (value instanceof java.sql.Timestamp || value instanceof LocalDateTime) {
            return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
        }
        if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
            return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
        }
        throw SqlErrors.notSupported("Parameters of class " + value.getClass().getName());
    }

    private static ArrowType typeOfSqlType(int sqlType) {
        switch (sqlType) {
            case Types.TINYINT:
                return new ArrowType.Int(8, true);
            case Types.SMALLINT:
                return new ArrowType.Int(16, true);
            case Types.INTEGER:
                return new ArrowType.Int(32, true);
            case Types.BIGINT:
                return new ArrowType.Int(64, true);
            case Types.BOOLEAN:
            case Types.BIT:
                return ArrowType.Bool.INSTANCE;
            case Types.REAL:
            case Types.FLOAT:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case Types.DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case Types.DECIMAL:
            case Types.NUMERIC:
                return new ArrowType.Decimal(38, 0, 128);
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                return ArrowType.Utf8.INSTANCE;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
                return ArrowType.Binary.INSTANCE;
            case Types.DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case Types.TIME:
                return new ArrowType.Time(TimeUnit.NANOSECOND, 64);
            case Types.TIMESTAMP:
                return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            default:
                return ArrowType.Null.INSTANCE;
        }
    }

    /** Writes one value (or null) into a vector whose buffers are allocated. */
    static void write(FieldVector vector, int row, Object value) throws SQLException {
        String target = JdbcColumnType.of(vector.getField().getType()).typeName();
        if (value == null) {
            if (!(vector instanceof NullVector) && !vector.getField().isNullable()) {
                throw new SQLException("Parameter '" + vector.getField().getName() + "' must not be null",
                        SqlErrors.DATA_EXCEPTION);
            }
            if (!(vector instanceof NullVector)) {
                vector.setNull(row);
            }
            return;
        }
        if (vector instanceof BitVector) {
            ((BitVector) vector).setSafe(row, Values.toBoolean(value, target) ? 1 : 0);
        } else if (vector instanceof TinyIntVector) {
            ((TinyIntVector) vector).setSafe(row, (byte) Values.toLong(value, target, Byte.MIN_VALUE, Byte.MAX_VALUE));
        } else if (vector instanceof SmallIntVector) {
            ((SmallIntVector) vector).setSafe(row,
                    (short) Values.toLong(value, target, Short.MIN_VALUE, Short.MAX_VALUE));
        } else if (vector instanceof IntVector) {
            ((IntVector) vector).setSafe(row, (int) Values.toLong(value, target, Integer.MIN_VALUE, Integer.MAX_VALUE));
        } else if (vector instanceof BigIntVector) {
            ((BigIntVector) vector).setSafe(row, Values.toLong(value, target));
        } else if (vector instanceof UInt1Vector) {
            ((UInt1Vector) vector).setSafe(row, (byte) Values.toLong(value, target, 0, 0xFF));
        } else if (vector instanceof UInt2Vector) {
            ((UInt2Vector) vector).setSafe(row, (char) Values.toLong(value, target, 0, 0xFFFF));
        } else if (vector instanceof UInt4Vector) {
            ((UInt4Vector) vector).setSafe(row, (int) Values.toLong(value, target, 0, 0xFFFF_FFFFL));
        } else if (vector instanceof UInt8Vector) {
            ((UInt8Vector) vector).setSafe(row, Values.toLong(value, target, 0, Long.MAX_VALUE));
        } else if (vector instanceof BaseIntVector) {
            throw SqlErrors.notSupported("Parameters of type " + vector.getField().getType());
        } else if (vector instanceof Float8Vector) {
            ((Float8Vector) vector).setSafe(row, Values.toDouble(value, target));
        } else if (vector instanceof Float4Vector) {
            ((Float4Vector) vector).setSafe(row, (float) Values.toDouble(value, target));
        } else if (vector instanceof DecimalVector) {
            DecimalVector decimals = (DecimalVector) vector;
            decimals.setSafe(row, fitDecimal(value, decimals.getPrecision(), decimals.getScale(), target));
        } else if (vector instanceof Decimal256Vector) {
            Decimal256Vector decimals = (Decimal256Vector) vector;
            decimals.setSafe(row, fitDecimal(value, decimals.getPrecision(), decimals.getScale(), target));
        } else if (vector instanceof FixedSizeBinaryVector) {
            FixedSizeBinaryVector binary = (FixedSizeBinaryVector) vector;
            byte[] bytes = Values.toBytes(value, target);
            if (bytes.length != binary.getByteWidth()) {
                throw Values.outOfRange(value, target + "(" + binary.getByteWidth() + ")");
            }
            binary.setSafe(row, bytes);
        } else if (vector instanceof VariableWidthFieldVector) {
            byte[] bytes = isText(vector)
                    ? Values.toText(value).getBytes(StandardCharsets.UTF_8)
                    : Values.toBytes(value, target);
            ((VariableWidthFieldVector) vector).setSafe(row, bytes);
        } else if (vector instanceof DateDayVector) {
            ((DateDayVector) vector).setSafe(row, Math.toIntExact(Values.toLocalDate(value, target).toEpochDay()));
        } else if (vector instanceof DateMilliVector) {
            ((DateMilliVector) vector).setSafe(row, Values.toLocalDate(value, target).toEpochDay() * 86_400_000L);
        } else if (vector instanceof TimeSecVector) {
            ((TimeSecVector) vector).setSafe(row, Values.toLocalTime(value, target).toSecondOfDay());
        } else if (vector instanceof TimeMilliVector) {
            ((TimeMilliVector) vector).setSafe(row, (int) (Values.toLocalTime(value, target).toNanoOfDay() / 1_000_000));
        } else if (vector instanceof TimeMicroVector) {
            ((TimeMicroVector) vector).setSafe(row, Values.toLocalTime(value, target).toNanoOfDay() / 1_000);
        } else if (vector instanceof TimeNanoVector) {
            ((TimeNanoVector) vector).setSafe(row, Values.toLocalTime(value, target).toNanoOfDay());
        } else if (vector instanceof TimeStampVector) {
            writeTimestamp((TimeStampVector) vector, row, value, target);
        } else {
            throw SqlErrors.notSupported("Parameters of type " + vector.getField().getType());
        }
    }

    private static boolean isText(FieldVector vector) {
        ArrowType.ArrowTypeID id = vector.getField().getType().getTypeID();
        return id == ArrowType.ArrowTypeID.Utf8 || id == ArrowType.ArrowTypeID.LargeUtf8
                || id == ArrowType.ArrowTypeID.Utf8View;
    }

    private static BigDecimal fitDecimal(Object value, int precision, int scale, String target) throws SQLException {
        BigDecimal decimal = Values.toBigDecimal(value, target).setScale(scale, RoundingMode.HALF_UP);
        if (decimal.precision() > precision) {
            throw Values.outOfRange(value, "DECIMAL(" + precision + ", " + scale + ")");
        }
        return decimal;
    }

    private static void writeTimestamp(TimeStampVector vector, int row, Object value, String target)
            throws SQLException {
        ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
        Instant instant;
        if (type.getTimezone() == null) {
            // A wall clock reading, stored as if it were in UTC.
            instant = (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime)
                    ? Values.toInstant(value, target)
                    : Values.toLocalDateTime(value, target).toInstant(ZoneOffset.UTC);
        } else {
            instant = Values.toInstant(value, target);
        }
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        long stored;
        switch (type.getUnit()) {
            case SECOND:
                stored = seconds;
                break;
            case MILLISECOND:
                stored = Math.addExact(Math.multiplyExact(seconds, 1_000L), nanos / 1_000_000);
                break;
            case MICROSECOND:
                stored = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
                break;
            default:
                stored = Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
                break;
        }
        vector.setSafe(row, stored);
    }
}
