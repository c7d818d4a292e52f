package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Writes the generator's text values of one column into an Arrow vector, parsing numbers and dates without
 * intermediate objects where it can.
 */
abstract class ColumnWriter {

    private final String columnName;
    private final boolean nullable;

    private ColumnWriter(FieldVector vector) {
        this.columnName = vector.getName();
        this.nullable = vector.getField().isNullable();
    }

    /** Returns a writer for a vector of one of the types {@link TableDefinitions} produces. */
    static ColumnWriter forVector(FieldVector vector) {
        requireNonNull(vector, "vector");
        return switch (vector) {
            case IntVector intVector -> new IntegerColumnWriter(intVector);
            case DecimalVector decimalVector -> new DecimalColumnWriter(decimalVector);
            case DateDayVector dateVector -> new DateColumnWriter(dateVector);
            case VarCharVector textVector -> new TextColumnWriter(textVector);
            default -> throw new IllegalArgumentException(
                    "Unsupported vector type for column " + vector.getName() + ": " + vector.getField().getType());
        };
    }

    /**
     * Sets the value at a row index of the vector.
     *
     * @param value the generator's text, or {@code null} for a null value
     */
    final void write(int index, String value) {
        if (value == null) {
            if (!nullable) {
                throw new IllegalStateException("The generator produced null for non-null column " + columnName);
            }
            writeNull(index);
            return;
        }
        try {
            writeValue(index, value);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot store '" + value + "' in column " + columnName, e);
        }
    }

    abstract void writeNull(int index);

    abstract void writeValue(int index, String value);

    /** Parses a decimal integer from a part of a string; the part must be non-empty and contain only digits. */
    static long parseDigits(String text, int start, int end) {
        if (start >= end) {
            throw new NumberFormatException("No digits in '" + text + "'");
        }
        long result = 0;
        for (int index = start; index < end; index++) {
            int digit = text.charAt(index) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("Not a digit in '" + text + "'");
            }
            result = result * 10 + digit;
        }
        return result;
    }

    private static final class IntegerColumnWriter extends ColumnWriter {
        private final IntVector vector;

        IntegerColumnWriter(IntVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, String value) {
            boolean negative = !value.isEmpty() && value.charAt(0) == '-';
            if (value.length() > 10 + (negative ? 1 : 0)) {
                vector.setSafe(index, Integer.parseInt(value));
                return;
            }
            long magnitude = parseDigits(value, negative ? 1 : 0, value.length());
            vector.setSafe(index, Math.toIntExact(negative ? -magnitude : magnitude));
        }
    }

    private static final class DecimalColumnWriter extends ColumnWriter {
        /** Longest digit string whose value surely fits in a {@code long}. */
        private static final int MAXIMUM_FAST_DIGITS = 18;
        private static final long[] POWERS_OF_TEN = powersOfTen();

        private final DecimalVector vector;
        private final int precision;
        private final int scale;

        DecimalColumnWriter(DecimalVector vector) {
            super(vector);
            this.vector = vector;
            this.precision = vector.getPrecision();
            this.scale = vector.getScale();
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, String value) {
            // One pass over sign, integer digits, point and fraction digits; anything else goes to writeExact.
            int length = value.length();
            int position = 0;
            boolean negative = false;
            if (length > 0 && (value.charAt(0) == '-' || value.charAt(0) == '+')) {
                negative = value.charAt(0) == '-';
                position = 1;
            }
            long unscaled = 0;
            int integerDigits = 0;
            int fractionDigits = -1;
            for (; position < length; position++) {
                char character = value.charAt(position);
                if (character >= '0' && character <= '9') {
                    unscaled = unscaled * 10 + (character - '0');
                    if (fractionDigits < 0) {
                        integerDigits++;
                    } else {
                        fractionDigits++;
                    }
                } else if (character == '.' && fractionDigits < 0) {
                    fractionDigits = 0;
                } else {
                    writeExact(index, value);
                    return;
                }
            }
            fractionDigits = Math.max(fractionDigits, 0);
            if (integerDigits == 0 || fractionDigits > scale || integerDigits + scale > MAXIMUM_FAST_DIGITS) {
                writeExact(index, value);
                return;
            }
            unscaled *= POWERS_OF_TEN[scale - fractionDigits];
            if (precision <= MAXIMUM_FAST_DIGITS && unscaled >= POWERS_OF_TEN[precision]) {
                throw new ArithmeticException("Value exceeds precision " + precision);
            }
            vector.setSafe(index, negative ? -unscaled : unscaled);
        }

        /** Handles anything unusual (exponents, more fraction digits than the scale) through {@link BigDecimal}. */
        private void writeExact(int index, String value) {
            BigDecimal decimal = new BigDecimal(value).setScale(scale, RoundingMode.HALF_UP);
            if (decimal.precision() > precision) {
                throw new ArithmeticException("Value exceeds precision " + precision);
            }
            vector.setSafe(index, decimal);
        }

        private static long[] powersOfTen() {
            long[] powers = new long[MAXIMUM_FAST_DIGITS + 1];
            powers[0] = 1;
            for (int exponent = 1; exponent < powers.length; exponent++) {
                powers[exponent] = powers[exponent - 1] * 10;
            }
            return powers;
        }
    }

    private static final class DateColumnWriter extends ColumnWriter {
        private final DateDayVector vector;

        DateColumnWriter(DateDayVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, String value) {
            LocalDate date;
            if (value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-') {
                date = LocalDate.of(
                        (int) parseDigits(value, 0, 4), (int) parseDigits(value, 5, 7), (int) parseDigits(value, 8, 10));
            } else {
                date = LocalDate.parse(value);
            }
            vector.setSafe(index, Math.toIntExact(date.toEpochDay()));
        }
    }

    private static final class TextColumnWriter extends ColumnWriter {
        private final VarCharVector vector;
        private byte[] buffer = new byte[256];

        TextColumnWriter(VarCharVector vector) {
            super(vector);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, String value) {
            int length = value.length();
            if (length > buffer.length) {
                buffer = new byte[Math.max(length, buffer.length * 2)];
            }
            for (int position = 0; position < length; position++) {
                char character = value.charAt(position);
                if (character >= 0x80) {
                    byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
                    vector.setSafe(index, encoded, 0, encoded.length);
                    return;
                }
                buffer[position] = (byte) character;
            }
            vector.setSafe(index, buffer, 0, length);
        }
    }
}
