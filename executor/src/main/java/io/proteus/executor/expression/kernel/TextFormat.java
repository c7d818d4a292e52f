package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Dates;
import io.proteus.executor.column.VarcharColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;

/** Writes numbers and dates as text straight into a {@link VarcharColumn}'s buffer. */
final class TextFormat {

    private TextFormat() {
    }

    /** Appends the decimal digits of {@code value} as the value of {@code row}. */
    static void appendLong(VarcharColumn target, int row, long value) {
        if (value == Long.MIN_VALUE) {
            target.append(row, Long.toString(value));
            return;
        }
        byte[] buffer = target.reserveData(20);
        int position = target.dataLength();
        int length = writeLong(value, buffer, position);
        target.commitAppended(row, length);
    }

    private static int writeLong(long value, byte[] buffer, int position) {
        long magnitude = Math.abs(value);
        int digits = 1;
        for (long bound = 10; digits < 19 && magnitude >= bound; bound *= 10) {
            digits++;
        }
        int length = digits + (value < 0 ? 1 : 0);
        int end = position + length;
        int index = end;
        do {
            buffer[--index] = (byte) ('0' + magnitude % 10);
            magnitude /= 10;
        } while (magnitude != 0);
        if (value < 0) {
            buffer[position] = '-';
        }
        return length;
    }

    /** Appends a decimal in plain notation with exactly {@code scale} fraction digits. */
    static void appendDecimal(VarcharColumn target, int row, long unscaled, int scale) {
        if (scale == 0) {
            appendLong(target, row, unscaled);
            return;
        }
        if (unscaled == Long.MIN_VALUE || scale > 18) {
            target.append(row, new BigDecimal(BigInteger.valueOf(unscaled), scale).toPlainString());
            return;
        }
        long magnitude = Math.abs(unscaled);
        long power = io.proteus.executor.column.Decimals.powerOfTen(scale);
        long integerPart = magnitude / power;
        long fraction = magnitude % power;
        byte[] buffer = target.reserveData(42);
        int start = target.dataLength();
        int position = start;
        if (unscaled < 0) {
            buffer[position++] = '-';
        }
        position += writeLong(integerPart, buffer, position);
        buffer[position++] = '.';
        for (int digit = scale - 1; digit >= 0; digit--) {
            buffer[position + digit] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        position += scale;
        target.commitAppended(row, position - start);
    }

    /** Appends a date as {@code yyyy-MM-dd}. */
    static void appendDate(VarcharColumn target, int row, int epochDays) {
        byte[] buffer = target.reserveData(10);
        int written = Dates.format(epochDays, buffer, target.dataLength());
        if (written < 0) {
            target.append(row, LocalDate.ofEpochDay(epochDays).toString());
        } else {
            target.commitAppended(row, written);
        }
    }
}
