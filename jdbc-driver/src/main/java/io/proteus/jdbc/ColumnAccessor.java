package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads the values of one Arrow vector for a result set, directly from the vector, one row at a time.
 *
 * <p>There is one subclass per family of vectors. Each reads its native representation without boxing where it can
 * ({@link #getLong}, {@link #getDouble}, ...) and otherwise converts through {@link Values}. Callers check
 * {@link #isNull(int)} first: the getters assume a non-null value.
 */
abstract class ColumnAccessor {
    protected final FieldVector vector;
    protected final JdbcColumnType type;

    ColumnAccessor(FieldVector vector) {
        this.vector = requireNonNull(vector, "vector is null");
        this.type = JdbcColumnType.of(vector.getField().getType());
    }

    /** Creates the accessor for a vector. */
    static ColumnAccessor of(FieldVector vector) {
        if (vector instanceof UInt8Vector) {
            return new UnsignedBigIntegerAccessor((UInt8Vector) vector);
        }
        if (vector instanceof BaseIntVector) {
            return new IntegerAccessor(vector);
        }
        if (vector instanceof Float8Vector || vector instanceof Float4Vector || vector instanceof Float2Vector) {
            return new FloatingPointAccessor(vector);
        }
        if (vector instanceof DecimalVector || vector instanceof Decimal256Vector) {
            return new DecimalAccessor(vector);
        }
        if (vector instanceof BitVector) {
            return new BooleanAccessor((BitVector) vector);
        }
        ArrowType arrowType = vector.getField().getType();
        switch (arrowType.getTypeID()) {
            case Utf8:
            case LargeUtf8:
            case Utf8View:
                return new TextAccessor(vector);
            case Binary:
            case LargeBinary:
            case BinaryView:
                return new BinaryAccessor(vector);
            default:
                break;
        }
        if (vector instanceof FixedSizeBinaryVector) {
            return new BinaryAccessor(vector);
        }
        if (vector instanceof DateDayVector || vector instanceof DateMilliVector) {
            return new DateAccessor(vector);
        }
        if (vector instanceof TimeSecVector || vector instanceof TimeMilliVector
                || vector instanceof TimeMicroVector || vector instanceof TimeNanoVector) {
            return new TimeAccessor(vector);
        }
        if (vector instanceof TimeStampVector) {
            return new TimestampAccessor((TimeStampVector) vector);
        }
        return new GenericAccessor(vector);
    }

    final boolean isNull(int row) {
        return vector.isNull(row);
    }

    final JdbcColumnType type() {
        return type;
    }

    /** The value as the class {@link JdbcColumnType#className()} names. */
    abstract Object getObject(int row) throws SQLException;

    String getString(int row) throws SQLException {
        return Values.toText(getObject(row));
    }

    long getLong(int row) throws SQLException {
        return Values.toLong(getObject(row), "BIGINT");
    }

    double getDouble(int row) throws SQLException {
        return Values.toDouble(getObject(row), "DOUBLE");
    }

    BigDecimal getBigDecimal(int row) throws SQLException {
        return Values.toBigDecimal(getObject(row), "DECIMAL");
    }

    boolean getBoolean(int row) throws SQLException {
        return Values.toBoolean(getObject(row), "BOOLEAN");
    }

    byte[] getBytes(int row) throws SQLException {
        return Values.toBytes(getObject(row), "VARBINARY");
    }

    LocalDate getLocalDate(int row) throws SQLException {
        return Values.toLocalDate(getObject(row), "DATE");
    }

    LocalTime getLocalTime(int row) throws SQLException {
        return Values.toLocalTime(getObject(row), "TIME");
    }

    /** The value as a date and time without time zone (a wall clock reading). */
    LocalDateTime getLocalDateTime(int row) throws SQLException {
        return Values.toLocalDateTime(getObject(row), "TIMESTAMP");
    }

    /**
     * The value as a point in time. A value without time zone is read in {@code zone}; a value with a time zone is
     * already a point in time and ignores it.
     */
    Instant getInstant(int row, ZoneId zone) throws SQLException {
        return getLocalDateTime(row).atZone(zone).toInstant();
    }

    /** The time zone of {@code TIMESTAMP WITH TIME ZONE} values, or {@code null}. */
    ZoneId zone() {
        return null;
    }

    /** Whether the values are points in time ({@code TIMESTAMP WITH TIME ZONE}) rather than wall clock readings. */
    boolean isInstant() {
        return false;
    }

    /** Integers of up to 64 bits (unsigned ones up to 32 bits). */
    private static final class IntegerAccessor extends ColumnAccessor {
        private final BaseIntVector integers;
        private final boolean big;

        IntegerAccessor(FieldVector vector) {
            super(vector);
            this.integers = (BaseIntVector) vector;
            this.big = type.className().equals(Long.class.getName());
        }

        @Override
        Object getObject(int row) {
            long value = integers.getValueAsLong(row);
            return big ? (Object) value : (Object) (int) value;
        }

        @Override
        String getString(int row) {
            return Long.toString(integers.getValueAsLong(row));
        }

        @Override
        long getLong(int row) {
            return integers.getValueAsLong(row);
        }

        @Override
        double getDouble(int row) {
            return integers.getValueAsLong(row);
        }

        @Override
        BigDecimal getBigDecimal(int row) {
            return BigDecimal.valueOf(integers.getValueAsLong(row));
        }

        @Override
        boolean getBoolean(int row) {
            return integers.getValueAsLong(row) != 0;
        }
    }

    /** Unsigned 64-bit integers, which only fit a DECIMAL(20, 0). */
    private static final class UnsignedBigIntegerAccessor extends ColumnAccessor {
        private final UInt8Vector integers;

        UnsignedBigIntegerAccessor(UInt8Vector vector) {
            super(vector);
            this.integers = vector;
        }

        @Override
        Object getObject(int row) {
            BigInteger value = integers.getObjectNoOverflow(row);
            return new BigDecimal(value);
        }
    }

    /** HALF, SINGLE and DOUBLE floating point numbers. */
    private static final class FloatingPointAccessor extends ColumnAccessor {
        FloatingPointAccessor(FieldVector vector) {
            super(vector);
        }

        @Override
        Object getObject(int row) {
            if (vector instanceof Float8Vector) {
                return ((Float8Vector) vector).get(row);
            }
            return (float) getDouble(row);
        }

        @Override
        double getDouble(int row) {
            if (vector instanceof Float8Vector) {
                return ((Float8Vector) vector).get(row);
            }
            if (vector instanceof Float4Vector) {
                return ((Float4Vector) vector).get(row);
            }
            return ((Float2Vector) vector).getValueAsFloat(row);
        }

        @Override
        String getString(int row) {
            // Double.toString for DOUBLE, Float.toString for REAL (so 0.1f prints as 0.1, not 0.10000000149011612).
            return vector instanceof Float8Vector ? Double.toString(getDouble(row)) : Float.toString((float) getDouble(row));
        }
    }

    /** 128 and 256-bit decimals. */
    private static final class DecimalAccessor extends ColumnAccessor {
        DecimalAccessor(FieldVector vector) {
            super(vector);
        }

        @Override
        Object getObject(int row) {
            return getBigDecimal(row);
        }

        @Override
        BigDecimal getBigDecimal(int row) {
            if (vector instanceof DecimalVector) {
                return ((DecimalVector) vector).getObjectNotNull(row);
            }
            return ((Decimal256Vector) vector).getObjectNotNull(row);
        }

        @Override
        String getString(int row) {
            return getBigDecimal(row).toPlainString();
        }
    }

    /** Booleans. */
    private static final class BooleanAccessor extends ColumnAccessor {
        private final BitVector bits;

        BooleanAccessor(BitVector vector) {
            super(vector);
            this.bits = vector;
        }

        @Override
        Object getObject(int row) {
            return getBoolean(row);
        }

        @Override
        boolean getBoolean(int row) {
            return bits.get(row) != 0;
        }

        @Override
        long getLong(int row) {
            return bits.get(row);
        }

        @Override
        double getDouble(int row) {
            return bits.get(row);
        }
    }

    /** UTF-8 strings (regular, large and view vectors). */
    private static final class TextAccessor extends ColumnAccessor {
        private final VariableWidthFieldVector strings;

        TextAccessor(FieldVector vector) {
            super(vector);
            this.strings = (VariableWidthFieldVector) vector;
        }

        @Override
        Object getObject(int row) {
            return getString(row);
        }

        @Override
        String getString(int row) {
            return new String(strings.get(row), StandardCharsets.UTF_8);
        }

        @Override
        byte[] getBytes(int row) {
            return strings.get(row);
        }
    }

    /** Variable and fixed size binary values. */
    private static final class BinaryAccessor extends ColumnAccessor {
        BinaryAccessor(FieldVector vector) {
            super(vector);
        }

        @Override
        Object getObject(int row) {
            return getBytes(row);
        }

        @Override
        byte[] getBytes(int row) {
            if (vector instanceof FixedSizeBinaryVector) {
                return ((FixedSizeBinaryVector) vector).get(row);
            }
            return ((VariableWidthFieldVector) vector).get(row);
        }
    }

    /** Dates stored as days or milliseconds since the epoch. */
    private static final class DateAccessor extends ColumnAccessor {
        DateAccessor(FieldVector vector) {
            super(vector);
        }

        @Override
        Object getObject(int row) {
            return java.sql.Date.valueOf(getLocalDate(row));
        }

        @Override
        LocalDate getLocalDate(int row) {
            if (vector instanceof DateDayVector) {
                return LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
            }
            return LocalDate.ofEpochDay(Math.floorDiv(((DateMilliVector) vector).get(row), 86_400_000L));
        }

        @Override
        LocalDateTime getLocalDateTime(int row) {
            return getLocalDate(row).atStartOfDay();
        }

        @Override
        String getString(int row) {
            return getLocalDate(row).toString();
        }
    }

    /** Times of day in seconds, milliseconds, microseconds or nanoseconds. */
    private static final class TimeAccessor extends ColumnAccessor {
        private final int digits;

        TimeAccessor(FieldVector vector) {
            super(vector);
            this.digits = JdbcColumnType.fractionalDigits(((ArrowType.Time) vector.getField().getType()).getUnit());
        }

        @Override
        Object getObject(int row) {
            LocalTime time = getLocalTime(row);
            java.sql.Time result = java.sql.Time.valueOf(time);
            // java.sql.Time.valueOf drops the fraction of the second; keep the milliseconds.
            result.setTime(result.getTime() + time.getNano() / 1_000_000);
            return result;
        }

        @Override
        LocalTime getLocalTime(int row) {
            long nanos;
            if (vector instanceof TimeSecVector) {
                nanos = ((TimeSecVector) vector).get(row) * 1_000_000_000L;
            } else if (vector instanceof TimeMilliVector) {
                nanos = ((TimeMilliVector) vector).get(row) * 1_000_000L;
            } else if (vector instanceof TimeMicroVector) {
                nanos = ((TimeMicroVector) vector).get(row) * 1_000L;
            } else {
                nanos = ((TimeNanoVector) vector).get(row);
            }
            return LocalTime.ofNanoOfDay(Math.floorMod(nanos, 86_400_000_000_000L));
        }

        @Override
        String getString(int row) {
            return Values.formatTime(getLocalTime(row), digits);
        }
    }

    /** Timestamps in any unit, with or without a time zone. */
    private static final class TimestampAccessor extends ColumnAccessor {
        private final TimeStampVector timestamps;
        private final TimeUnit unit;
        private final ZoneId zone;
        private final int digits;

        TimestampAccessor(TimeStampVector vector) {
            super(vector);
            this.timestamps = vector;
            ArrowType.Timestamp timestampType = (ArrowType.Timestamp) vector.getField().getType();
            this.unit = timestampType.getUnit();
            this.zone = timestampType.getTimezone() == null ? null : ZoneId.of(timestampType.getTimezone());
            this.digits = JdbcColumnType.fractionalDigits(unit);
        }

        /** The stored value: for a wall clock reading, its fields read as if it were in UTC. */
        private Instant epochValue(int row) {
            long value = timestamps.get(row);
            switch (unit) {
                case SECOND:
                    return Instant.ofEpochSecond(value);
                case MILLISECOND:
                    return Instant.ofEpochMilli(value);
                case MICROSECOND:
                    return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                            Math.floorMod(value, 1_000_000L) * 1_000L);
                default:
                    return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                            Math.floorMod(value, 1_000_000_000L));
            }
        }

        @Override
        boolean isInstant() {
            return zone != null;
        }

        @Override
        Object getObject(int row) {
            if (zone != null) {
                return java.sql.Timestamp.from(epochValue(row));
            }
            return java.sql.Timestamp.valueOf(getLocalDateTime(row));
        }

        @Override
        LocalDateTime getLocalDateTime(int row) {
            return LocalDateTime.ofInstant(epochValue(row), zone == null ? ZoneOffset.UTC : zone);
        }

        @Override
        Instant getInstant(int row, ZoneId wallClockZone) {
            if (zone != null) {
                return epochValue(row);
            }
            return getLocalDateTime(row).atZone(wallClockZone).toInstant();
        }

        @Override
        ZoneId zone() {
            return zone;
        }

        @Override
        String getString(int row) {
            String text = Values.formatTimestamp(getLocalDateTime(row), digits);
            return zone == null ? text : text + " " + zone.getId();
        }
    }

    /** Any other vector: the value {@code FieldVector.getObject} gives. */
    private static final class GenericAccessor extends ColumnAccessor {
        GenericAccessor(FieldVector vector) {
            super(vector);
        }

        @Override
        Object getObject(int row) {
            return vector.getObject(row);
        }
    }
}
