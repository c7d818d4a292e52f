package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The 99 TPC-DS benchmark queries and their expected answers, bundled as class-path resources so that no external
 * files are needed to run or check the benchmark.
 *
 * <p>Queries are named {@code "01"} to {@code "99"}; a name without the leading zero ({@code "7"}) is accepted too.
 * Expected answers are {@code |}-separated lines with a header line first and {@code NULL} for null values. They
 * exist for the {@code sf1} schema only.
 */
public final class TpcdsQueries {

    private static final String RESOURCE_ROOT = "/io/proteus/tpcds/";
    private static final int QUERY_COUNT = 99;
    private static final List<String> NAMES =
            IntStream.rangeClosed(1, QUERY_COUNT).mapToObj(number -> String.format(Locale.ROOT, "%02d", number)).toList();

    private TpcdsQueries() {}

    /** Returns the query names {@code "01"} to {@code "99"} in order. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Returns the SQL text of a query.
     *
     * @param name the query name, {@code "01"} to {@code "99"}
     * @throws IllegalArgumentException if there is no such query
     */
    public static String query(String name) {
        String canonicalName = canonicalName(name);
        return readResource(RESOURCE_ROOT + "queries/" + canonicalName + ".sql")
                .orElseThrow(() -> new IllegalStateException("Missing resource for TPC-DS query " + canonicalName));
    }

    /**
     * Returns the expected answer of a query at a scale, as lines: the header first, then one line per row with
     * values separated by {@code |} and {@code NULL} for null. Empty when no answer is bundled for that schema.
     *
     * @param scaleSchema the schema the query runs in, such as {@code "sf1"}
     * @param name the query name, {@code "01"} to {@code "99"}
     * @throws IllegalArgumentException if there is no such query
     */
    public static Optional<List<String>> answerLines(String scaleSchema, String name) {
        requireNonNull(scaleSchema, "scaleSchema");
        String canonicalName = canonicalName(name);
        String schema = scaleSchema.toLowerCase(Locale.ROOT);
        if (!schema.matches("[a-z0-9_]+")) {
            return Optional.empty();
        }
        return readResource(RESOURCE_ROOT + "answers/" + schema + "/" + canonicalName + ".csv").map(TpcdsQueries::lines);
    }

    /**
     * Returns the reference DDL ({@code create table ...}) of a TPC-DS table, from which {@link TpcdsCatalog} takes
     * the column types.
     *
     * @param table a table name such as {@code "store_sales"}
     * @throws IllegalArgumentException if there is no such table
     */
    public static String tableDefinition(String table) {
        requireNonNull(table, "table");
        String tableName = table.toLowerCase(Locale.ROOT);
        if (!tableName.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Not a TPC-DS table: " + table);
        }
        return readResource(RESOURCE_ROOT + "schema/" + tableName + ".sql")
                .orElseThrow(() -> new IllegalArgumentException("Not a TPC-DS table: " + table));
    }

    private static String canonicalName(String name) {
        requireNonNull(name, "name");
        String trimmed = name.strip();
        int number;
        try {
            number = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a TPC-DS query name: " + name, e);
        }
        if (number < 1 || number > QUERY_COUNT) {
            throw new IllegalArgumentException("Not a TPC-DS query name: " + name);
        }
        return NAMES.get(number - 1);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static Optional<String> readResource(String resource) {
        try (InputStream input = TpcdsQueries.class.getResourceAsStream(resource)) {
            if (input == null) {
                return Optional.empty();
            }
            return Optional.of(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + resource, e);
        }
    }
}
