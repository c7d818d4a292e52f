package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.Types;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * How an Arrow type appears through JDBC: its {@link Types} code, type name, precision, scale, display size and the
 * class {@code ResultSet.getObject} returns.
 *
 * <p>The mapping: Int(8/16/32/64, signed) is TINYINT/SMALLINT/INTEGER/BIGINT (unsigned types move up one size;
 * unsigned 64-bit is DECIMAL(20, 0)); FloatingPoint HALF/SINGLE is REAL and DOUBLE is DOUBLE; Decimal is DECIMAL(p, s);
 * Utf8 (also large and view) is VARCHAR; Binary is VARBINARY and FixedSizeBinary BINARY; Bool is BOOLEAN; Date is
 * DATE; Time is TIME; Timestamp is TIMESTAMP, or TIMESTAMP WITH TIME ZONE when it has a time zone; lists are ARRAY,
 * structs STRUCT, and anything else OTHER. As the JDBC specification's table B-3 says, {@code getObject} gives an
 * {@link Integer} for TINYINT and SMALLINT.
 *
 * @param sqlType the {@link Types} code
 * @param typeName the SQL type name
 * @param precision the precision or maximum length (0 when not applicable)
 * @param scale the scale, or number of fractional second digits
 * @param displaySize the maximum width in characters of the value printed by {@code getString}
 * @param className the class {@code getObject} returns
 * @param signed whether the values are signed numbers
 */
record JdbcColumnType(
        int sqlType, String typeName, int precision, int scale, int displaySize, String className, boolean signed) {

    /** Precision and display size of unbounded character and binary types. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    JdbcColumnType {
        requireNonNull(typeName, "typeName is null");
        requireNonNull(className, "className is null");
    }

    /** Maps an Arrow type. */
    static JdbcColumnType of(ArrowType type) {
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int integer = (ArrowType.Int) type;
                int bits = integer.getIsSigned() ? integer.getBitWidth() : integer.getBitWidth() * 2;
                switch (bits) {
                    case 8:
                        return number(Types.TINYINT, "TINYINT", 3, Integer.class);
                    case 16:
                        return number(Types.SMALLINT, "SMALLINT", 5, Integer.class);
                    case 32:
                        return number(Types.INTEGER, "INTEGER", 10, Integer.class);
                    case 64:
                        return number(Types.BIGINT, "BIGINT", 19, Long.class);
                    default:
                        return new JdbcColumnType(Types.DECIMAL, "DECIMAL", 20, 0, 20, BigDecimal.class.getName(),
                                false);
                }
            }
            case FloatingPoint:
                if (((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE) {
                    return new JdbcColumnType(Types.DOUBLE, "DOUBLE", 17, 0, 24, Double.class.getName(), true);
                }
                return new JdbcColumnType(Types.REAL, "REAL", 9, 0, 16, Float.class.getName(), true);
            case Decimal: {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                int displaySize = decimal.getPrecision() + 1 + (decimal.getScale() > 0 ? 1 : 0);
                return new JdbcColumnType(Types.DECIMAL, "DECIMAL", decimal.getPrecision(), decimal.getScale(),
                        displaySize, BigDecimal.class.getName(), true);
            }
            case Bool:
                return new JdbcColumnType(Types.BOOLEAN, "BOOLEAN", 1, 0, 5, Boolean.class.getName(), false);
            case Utf8:
            case LargeUtf8:
            case Utf8View:
                return new JdbcColumnType(Types.VARCHAR, "VARCHAR", UNBOUNDED, 0, UNBOUNDED, String.class.getName(),
                        false);
            case Binary:
            case LargeBinary:
            case BinaryView:
                return new JdbcColumnType(Types.VARBINARY, "VARBINARY", UNBOUNDED, 0, UNBOUNDED,
                        byte[].class.getName(), false);
            case FixedSizeBinary: {
                int width = ((ArrowType.FixedSizeBinary) type).getByteWidth();
                return new JdbcColumnType(Types.BINARY, "BINARY", width, 0, width * 2, byte[].class.getName(), false);
            }
            case Date:
                return new JdbcColumnType(Types.DATE, "DATE", 10, 0, 10, java.sql.Date.class.getName(), false);
            case Time: {
                int digits = fractionalDigits(((ArrowType.Time) type).getUnit());
                int width = 8 + (digits > 0 ? digits + 1 : 0);
                return new JdbcColumnType(Types.TIME, "TIME", width, digits, width, java.sql.Time.class.getName(),
                        false);
            }
            case Timestamp: {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                int digits = fractionalDigits(timestamp.getUnit());
                int width = 19 + (digits > 0 ? digits + 1 : 0);
                if (timestamp.getTimezone() == null) {
                    return new JdbcColumnType(Types.TIMESTAMP, "TIMESTAMP", width, digits, width,
                            java.sql.Timestamp.class.getName(), false);
                }
                // yyyy-MM-dd HH:mm:ss[.fff] followed by a space and the zone identifier.
                return new JdbcColumnType(Types.TIMESTAMP_WITH_TIMEZONE, "TIMESTAMP WITH TIME ZONE", width, digits,
                        width + 1 + 32, java.sql.Timestamp.class.getName(), false);
            }
            case List:
            case LargeList:
            case FixedSizeList:
            case ListView:
            case LargeListView:
                return new JdbcColumnType(Types.ARRAY, "ARRAY", 0, 0, UNBOUNDED, java.util.List.class.getName(),
                        false);
            case Struct:
                return new JdbcColumnType(Types.STRUCT, "STRUCT", 0, 0, UNBOUNDED, java.util.Map.class.getName(),
                        false);
            case Map:
                return new JdbcColumnType(Types.OTHER, "MAP", 0, 0, UNBOUNDED, java.util.List.class.getName(), false);
            case Null:
                return new JdbcColumnType(Types.NULL, "NULL", 0, 0, 4, Object.class.getName(), false);
            case Interval:
                return new JdbcColumnType(Types.OTHER, "INTERVAL", 0, 0, UNBOUNDED, Object.class.getName(), true);
            case Duration:
                return new JdbcColumnType(Types.OTHER, "INTERVAL", 0, 0, UNBOUNDED,
                        java.time.Duration.class.getName(), true);
            default:
                return new JdbcColumnType(Types.OTHER, type.getTypeID().name().toUpperCase(java.util.Locale.ROOT), 0,
                        0, UNBOUNDED, Object.class.getName(), false);
        }
    }

    private static JdbcColumnType number(int sqlType, String name, int digits, Class<?> javaClass) {
        return new JdbcColumnType(sqlType, name, digits, 0, digits + 1, javaClass.getName(), true);
    }

    /** The number of fractional second digits of a time unit. */
    static int fractionalDigits(TimeUnit unit) {
        switch (unit) {
            case SECOND:
                return 0;
            case MILLISECOND:
                return 3;
            case MICROSECOND:
                return 6;
            default:
                return 9;
        }
    }
}
