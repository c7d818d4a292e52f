package io.proteus.spi.decision;

import java.util.Locale;

/** What a query optimises for, set per session with {@code SET objective}. */
public enum Objective {
    /** Finish as soon as possible. */
    LATENCY,
    /** Use the least resource-time (slot-seconds), even if it takes longer. */
    COST;

    public static Objective parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
