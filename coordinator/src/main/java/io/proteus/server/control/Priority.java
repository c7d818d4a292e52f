package io.proteus.server.control;

import java.util.Locale;

/**
 * Who gets a function slot first when several claim it: interactive queries, then batch queries, then background
 * functions. A query's priority comes from its session ({@code SET priority = 'batch'}) or its user's configured
 * default; background functions always claim at {@link #BACKGROUND}.
 */
public enum Priority {
    BACKGROUND,
    BATCH,
    INTERACTIVE;

    /** Parses {@code interactive}, {@code batch} or {@code background} (any case). */
    public static Priority parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "interactive" -> INTERACTIVE;
            case "batch" -> BATCH;
            case "background" -> BACKGROUND;
            default -> throw new IllegalArgumentException("priority must be interactive, batch or background, not '" + text + "'");
        };
    }

    /** Whether claims of this priority come before claims of {@code other}. */
    public boolean above(Priority other) {
        return compareTo(other) > 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
