package io.proteus.server.synthetic;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How the {@code join_key} column of a synthetic table is distributed over its key domain {@code [0, domain)}; each
 * distribution is one schema of the {@code synthetic} catalog.
 */
public enum KeyDistribution {
    /** Every key equally likely. */
    UNIFORM("uniform"),
    /**
     * Key {@code k} drawn as {@code floor(x) - 1} with {@code x} from a Pareto distribution bounded to
     * {@code [1, domain]} with shape {@value #PARETO_SHAPE} (the shape of the 80-20 rule): the smallest keys are the
     * frequent ones, and a few of them hold most rows.
     */
    PARETO("pareto");

    /** The shape (alpha) of the Pareto distribution. */
    public static final double PARETO_SHAPE = 1.16;

    private final String schemaName;

    KeyDistribution(String schemaName) {
        this.schemaName = schemaName;
    }

    /** The name of the schema holding the tables with this distribution. */
    public String schemaName() {
        return schemaName;
    }

    /** The distribution of a schema name (case-insensitive). */
    public static KeyDistribution ofSchema(String schemaName) {
        requireNonNull(schemaName, "schemaName");
        String normalised = schemaName.toLowerCase(Locale.ROOT);
        for (KeyDistribution distribution : values()) {
            if (distribution.schemaName.equals(normalised)) {
                return distribution;
            }
        }
        throw new IllegalArgumentException("Unknown synthetic schema " + schemaName + "; known: uniform, pareto");
    }

    /**
     * Draws a key in {@code [0, domain)}.
     *
     * @param random the generator to draw from
     * @param domain the number of distinct keys, at least 1
     */
    public long sample(SplittableRandom random, long domain) {
        if (domain < 1) {
            throw new IllegalArgumentException("The key domain must hold at least one key: " + domain);
        }
        return switch (this) {
            case UNIFORM -> random.nextLong(domain);
            case PARETO -> {
                // Inverse of the bounded Pareto distribution function on [1, domain + 1).
                double upperTail = Math.pow(domain + 1.0, -PARETO_SHAPE);
                double u = random.nextDouble();
                double x = Math.pow(1 - u * (1 - upperTail), -1 / PARETO_SHAPE);
                yield Math.min(domain - 1, Math.max(0, (long) Math.floor(x) - 1));
            }
        };
    }
}
