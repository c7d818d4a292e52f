package io.proteus.executor.column;

import java.time.LocalDate;

/** Calendar arithmetic on days since 1970-01-01 (proleptic Gregorian), without allocating {@link LocalDate}s. */
public final class Dates {

    private Dates() {
    }

    /**
     * Converts days since the epoch to a civil date packed as {@code year * 10000 + month * 100 + day} (the civil
     * from-days algorithm of H. Hinnant).
     */
    public static long civil(long epochDays) {
        long z = epochDays + 719468;
        long era = Math.floorDiv(z, 146097);
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long year = yearOfEra + era * 400;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthPosition = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * monthPosition + 2) / 5 + 1;
        long month = monthPosition < 10 ? monthPosition + 3 : monthPosition - 9;
        if (month <= 2) {
            year++;
        }
        return year * 10000 + (year < 0 ? -1 : 1) * (month * 100 + day);
    }

    public static long year(long epochDays) {
        long civil = civil(epochDays);
        return civil / 10000;
    }

    public static long month(long epochDays) {
        return Math.abs(civil(epochDays) % 10000) / 100;
    }

    public static long day(long epochDays) {
        return Math.abs(civil(epochDays) % 100);
    }

    /** Writes {@code yyyy-MM-dd} into {@code target} at {@code offset} for years 0..9999 and returns 10; else -1. */
    public static int format(long epochDays, byte[] target, int offset) {
        long civil = civil(epochDays);
        long year = civil / 10000;
        if (year < 0 || year > 9999) {
            return -1;
        }
        int month = (int) (Math.abs(civil % 10000) / 100);
        int day = (int) Math.abs(civil % 100);
        target[offset] = (byte) ('0' + year / 1000);
        target[offset + 1] = (byte) ('0' + year / 100 % 10);
        target[offset + 2] = (byte) ('0' + year / 10 % 10);
        target[offset + 3] = (byte) ('0' + year % 10);
        target[offset + 4] = '-';
        target[offset + 5] = (byte) ('0' + month / 10);
        target[offset + 6] = (byte) ('0' + month % 10);
        target[offset + 7] = '-';
        target[offset + 8] = (byte) ('0' + day / 10);
        target[offset + 9] = (byte) ('0' + day % 10);
        return 10;
    }
}
