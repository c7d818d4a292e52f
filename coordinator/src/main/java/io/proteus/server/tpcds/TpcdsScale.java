package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.TpcdsCatalog;
import java.util.Locale;

/**
 * A TPC-DS scale as the commands accept it ({@code --sf 1}, {@code --sf 0.01}, or a schema name such as
 * {@code sf10} or {@code tiny}), resolved to the schema of the {@code tpcds} catalog that holds it.
 *
 * @param schema the schema name, one of {@link TpcdsCatalog#schemaNames()}
 */
public record TpcdsScale(String schema) {

    /** The catalog every TPC-DS schema is in. */
    public static final String CATALOG = "tpcds";

    public TpcdsScale {
        requireNonNull(schema, "schema");
        TpcdsCatalog.scaleFactor(schema);
        schema = schema.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a scale factor or schema name.
     *
     * @throws IllegalArgumentException naming the accepted values, if the text is neither
     */
    public static TpcdsScale parse(String text) {
        requireNonNull(text, "text");
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (TpcdsCatalog.schemaNames().contains(value)) {
            return new TpcdsScale(value);
        }
        try {
            double scaleFactor = Double.parseDouble(value);
            for (String schema : TpcdsCatalog.schemaNames()) {
                if (TpcdsCatalog.scaleFactor(schema) == scaleFactor) {
                    return new TpcdsScale(schema);
                }
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        StringBuilder accepted = new StringBuilder();
        for (String schema : TpcdsCatalog.schemaNames()) {
            accepted.append(accepted.isEmpty() ? "" : ", ").append(formatScaleFactor(TpcdsCatalog.scaleFactor(schema)))
                    .append(" (").append(schema).append(')');
        }
        throw new IllegalArgumentException("Unknown TPC-DS scale factor '" + text + "'; known: " + accepted);
    }

    /** Returns the scale factor, such as 1 for {@code sf1}. */
    public double scaleFactor() {
        return TpcdsCatalog.scaleFactor(schema);
    }

    @Override
    public String toString() {
        return schema;
    }

    private static String formatScaleFactor(double scaleFactor) {
        return scaleFactor == Math.rint(scaleFactor) ? Long.toString((long) scaleFactor) : Double.toString(scaleFactor);
    }
}
