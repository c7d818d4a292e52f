package io.proteus.spi.decision;

import java.util.Locale;

/**
 * How joins are decided, set per session with {@code SET strategy}: the paper's static S-M and S-H strategies (a fixed
 * join operator and instances proportional to data size) or DYN (the decision nodes decide from what they observe).
 */
public enum Strategy {
    STATIC_MERGE("static-merge"),
    STATIC_HASH("static-hash"),
    DYNAMIC("dynamic");

    private final String sqlName;

    Strategy(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The name used in {@code SET strategy = '...'}. */
    public String sqlName() {
        return sqlName;
    }

    public static Strategy parse(String text) {
        String normalised = text.trim().toLowerCase(Locale.ROOT);
        for (Strategy strategy : values()) {
            if (strategy.sqlName.equals(normalised) || strategy.name().equalsIgnoreCase(normalised)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + text + "' (expected static-merge, static-hash or dynamic)");
    }
}
