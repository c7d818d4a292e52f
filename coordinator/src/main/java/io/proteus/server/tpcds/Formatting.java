package io.proteus.server.tpcds;

import java.time.Duration;
import java.util.Locale;

/** How the TPC-DS commands print times. */
final class Formatting {

    private Formatting() {}

    /** Returns a duration in seconds with millisecond precision, such as {@code 1.234s}. */
    static String seconds(Duration duration) {
        return seconds(duration.toNanos() / 1e9);
    }

    /** Returns a time limit in whole seconds or milliseconds, such as {@code 300 s} or {@code 500 ms}. */
    static String limit(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    /** Returns a number of seconds with millisecond precision, such as {@code 1.234s}. */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3fs", seconds);
    }
}
