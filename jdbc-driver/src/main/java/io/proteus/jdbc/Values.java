package io.proteus.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Conversions between Java values used by result set getters (when a column is read as another type than its own)
 * and by prepared statement parameters (when a Java value is written into an Arrow vector).
 *
 * <p>Conversions that lose nothing essential are allowed (a DECIMAL read with {@code getInt} is truncated toward
 * zero, a string holding a number can be read as a number); a value that does not fit the target type gives an
 * {@link SQLException} with SQLState {@code 22003}, a value that cannot be converted at all SQLState {@code 22018}.
 */
final class Values {
    /** {@code yyyy-MM-dd HH:mm:ss} with an optional fraction of up to nine digits, for parsing. */
    private static final DateTimeFormatter TIMESTAMP_PARSER = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);

    private static final BigDecimal LONG_MINIMUM = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAXIMUM = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {}

    static long toLong(Object value, String target) throws SQLException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            BigDecimal decimal = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal((BigInteger) value);
            if (decimal.compareTo(LONG_MINIMUM) < 0 || decimal.compareTo(LONG_MAXIMUM) > 0) {
                throw outOfRange(value, target);
            }
            return decimal.longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || number < -0x1p63 || number >= 0x1p63) {
                throw outOfRange(value, target);
            }
            return (long) number;
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? 1 : 0;
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException notAnInteger) {
                try {
                    return toLong(new BigDecimal(text), target);
                } catch (NumberFormatException notANumber) {
                    throw cannotConvert(value, target);
                }
            }
        }
        throw cannotConvert(value, target);
    }

    /** Converts to a long and checks that it is within [minimum, maximum]. */
    static long toLong(Object value, String target, long minimum, long maximum) throws SQLException {
        long result = toLong(value, target);
        if (result < minimum || result > maximum) {
            throw outOfRange(value, target);
        }
        return result;
    }

    static double toDouble(Object value, String target) throws SQLException {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? 1 : 0;
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(value, target);
            }
        }
        throw cannotConvert(value, target);
    }

    static BigDecimal toBigDecimal(Object value, String target) throws SQLException {
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw cannotConvert(value, target);
            }
            // Float.toString gives the shortest decimal that reads back as the same float.
            return value instanceof Float ? new BigDecimal(value.toString()) : BigDecimal.valueOf(number);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof String) {
            try {
                return new BigDecimal(((String) value).trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(value, target);
            }
        }
        throw cannotConvert(value, target);
    }

    static boolean toBoolean(Object value, String target) throws SQLException {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).signum() != 0;
        }
        if (value instanceof Number) {
            return ((Number) value).doubleValue() != 0;
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            if (text.equalsIgnoreCase("true") || text.equals("1")) {
                return true;
            }
            if (text.equalsIgnoreCase("false") || text.equals("0")) {
                return false;
            }
        }
        throw cannotConvert(value, target);
    }

    static String toText(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof byte[]) {
            return HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof java.sql.Date) {
            return ((java.sql.Date) value).toLocalDate().toString();
        }
        if (value instanceof java.sql.Timestamp) {
            return formatTimestamp(((java.sql.Timestamp) value).toLocalDateTime(), 9);
        }
        if (value instanceof LocalDateTime) {
            return formatTimestamp((LocalDateTime) value, 9);
        }
        return String.valueOf(value);
    }

    static byte[] toBytes(Object value, String target) throws SQLException {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof String) {
            return ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        throw cannotConvert(value, target);
    }

    static LocalDate toLocalDate(Object value, String target) throws SQLException {
        if (value instanceof LocalDate) {
            return (LocalDate) value;
        }
        if (value instanceof java.sql.Date) {
            return ((java.sql.Date) value).toLocalDate();
        }
        if (value instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) value).toLocalDateTime().toLocalDate();
        }
        if (value instanceof LocalDateTime) {
            return ((LocalDateTime) value).toLocalDate();
        }
        if (value instanceof java.util.Date) {
            return new java.sql.Date(((java.util.Date) value).getTime()).toLocalDate();
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            try {
                return text.length() > 10 ? LocalDateTime.parse(text, TIMESTAMP_PARSER).toLocalDate()
                        : LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw cannotConvert(value, target);
            }
        }
        throw cannotConvert(value, target);
    }

    static LocalTime toLocalTime(Object value, String target) throws SQLException {
        if (value instanceof LocalTime) {
            return (LocalTime) value;
        }
        if (value instanceof java.sql.Time) {
            return ((java.sql.Time) value).toLocalTime();
        }
        if (value instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) value).toLocalDateTime().toLocalTime();
        }
        if (value instanceof LocalDateTime) {
            return ((LocalDateTime) value).toLocalTime();
        }
        if (value instanceof String) {
            try {
                return LocalTime.parse(((String) value).trim());
            } catch (DateTimeParseException e) {
                throw cannotConvert(value, target);
            }
        }
        throw cannotConvert(value, target);
    }

    static LocalDateTime toLocalDateTime(Object value, String target) throws SQLException {
        if (value instanceof LocalDateTime) {
            return (LocalDateTime) value;
        }
        if (value instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) value).toLocalDateTime();
        }
        if (value instanceof LocalDate) {
            return ((LocalDate) value).atStartOfDay();
        }
        if (value instanceof java.sql.Date) {
            return ((java.sql.Date) value).toLocalDate().atStartOfDay();
        }
        if (value instanceof java.util.Date) {
            return new java.sql.Timestamp(((java.util.Date) value).getTime()).toLocalDateTime();
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            try {
                return text.length() == 10 ? LocalDate.parse(text).atStartOfDay()
                        : LocalDateTime.parse(text, TIMESTAMP_PARSER);
            } catch (DateTimeParseException e) {
                throw cannotConvert(value, target);
            }
        }
        throw cannotConvert(value, target);
    }

    static Instant toInstant(Object value, String target) throws SQLException {
        if (value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toInstant();
        }
        if (value instanceof ZonedDateTime) {
            return ((ZonedDateTime) value).toInstant();
        }
        if (value instanceof java.util.Date) {
            // java.sql.Timestamp keeps its nanoseconds through toInstant().
            return ((java.util.Date) value).toInstant();
        }
        if (value instanceof String) {
            try {
                return OffsetDateTime.parse(((String) value).trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw cannotConvert(value, target);
            }
        }
        // A wall-clock value is taken in the JVM's time zone, as java.sql.Timestamp does.
        return java.sql.Timestamp.valueOf(toLocalDateTime(value, target)).toInstant();
    }

    /** Prints {@code yyyy-MM-dd HH:mm:ss} followed by exactly {@code digits} fractional digits (none if 0). */
    static String formatTimestamp(LocalDateTime value, int digits) {
        return value.toLocalDate() + " " + formatTime(value.toLocalTime(), digits);
    }

    /** Prints {@code HH:mm:ss} followed by exactly {@code digits} fractional digits (none if 0). */
    static String formatTime(LocalTime value, int digits) {
        StringBuilder text = new StringBuilder(18);
        twoDigits(text, value.getHour()).append(':');
        twoDigits(text, value.getMinute()).append(':');
        twoDigits(text, value.getSecond());
        if (digits > 0) {
            String nanos = Integer.toString(value.get(ChronoField.NANO_OF_SECOND) + 1_000_000_000);
            text.append('.').append(nanos, 1, 1 + digits);
        }
        return text.toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        return text.append(value);
    }

    static SQLException cannotConvert(Object value, String target) {
        return new SQLException("Cannot convert " + describe(value) + " to " + target,
                SqlErrors.INVALID_CHARACTER_VALUE_FOR_CAST);
    }

    static SQLException outOfRange(Object value, String target) {
        return new SQLException("Value " + describe(value) + " is out of range for " + target,
                SqlErrors.NUMERIC_VALUE_OUT_OF_RANGE);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String ? "'" + value + "'" : toText(value);
        if (text.length() > 100) {
            text = text.substring(0, 100) + "...";
        }
        return text + " (" + value.getClass().getSimpleName() + ")";
    }
}
