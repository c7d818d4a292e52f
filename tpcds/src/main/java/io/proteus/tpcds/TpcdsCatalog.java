package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import io.trino.tpcds.Table;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Metadata of the TPC-DS catalog: its schemas, one per scale factor with Trino's names ({@code tiny} = 0.01,
 * {@code sf1}, {@code sf10}, {@code sf100}, plus {@code sf0_1} = 0.1 and {@code sf0_5} = 0.5 for experiments across
 * input sizes), and its 24 tables, whose column types come from the reference DDL bundled
 * with this module. Every schema has the same tables; only the amount of data differs.
 */
public final class TpcdsCatalog {

    /** Field metadata key holding the declared length of a {@code varchar(n)} or {@code char(n)} column. */
    public static final String VARCHAR_LENGTH_METADATA_KEY = "proteus.varchar.length";

    private static final Map<String, Double> SCALE_FACTORS = scaleFactors();

    private TpcdsCatalog() {}

    /**
     * Returns the schema names, smallest scale first: {@code tiny}, {@code sf0_1}, {@code sf0_5}, {@code sf1},
     * {@code sf10}, {@code sf100}.
     */
    public static Set<String> schemaNames() {
        return SCALE_FACTORS.keySet();
    }

    /**
     * Returns the TPC-DS scale factor of a schema, such as {@code 0.01} for {@code tiny} or {@code 1.0} for
     * {@code sf1}.
     *
     * @throws IllegalArgumentException if there is no such schema
     */
    public static double scaleFactor(String schema) {
        requireNonNull(schema, "schema");
        Double scaleFactor = SCALE_FACTORS.get(schema.toLowerCase(Locale.ROOT));
        if (scaleFactor == null) {
            throw new IllegalArgumentException("Unknown TPC-DS schema " + schema + "; known: " + schemaNames());
        }
        return scaleFactor;
    }

    /** Returns the 24 TPC-DS tables in alphabetical order. */
    public static List<TpcdsTable> tables() {
        return Tables.LIST;
    }

    /** Returns the table of that name (case-insensitive), if it is one of the 24 TPC-DS tables. */
    public static Optional<TpcdsTable> findTable(String name) {
        requireNonNull(name, "name");
        return Optional.ofNullable(Tables.BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Returns the table of that name (case-insensitive).
     *
     * @throws IllegalArgumentException if it is not one of the 24 TPC-DS tables
     */
    public static TpcdsTable table(String name) {
        return findTable(name).orElseThrow(() -> new IllegalArgumentException("Unknown TPC-DS table " + name));
    }

    private static Map<String, Double> scaleFactors() {
        Map<String, Double> scaleFactors = new LinkedHashMap<>();
        scaleFactors.put("tiny", 0.01);
        scaleFactors.put("sf0_1", 0.1);
        scaleFactors.put("sf0_5", 0.5);
        scaleFactors.put("sf1", 1.0);
        scaleFactors.put("sf10", 10.0);
        scaleFactors.put("sf100", 100.0);
        return Collections.unmodifiableMap(scaleFactors);
    }

    /** Parses the DDL on first use. */
    private static final class Tables {
        static final List<TpcdsTable> LIST = Table.getBaseTables().stream()
                .filter(table -> table != Table.DBGEN_VERSION)
                .map(Tables::load)
                .sorted(Comparator.comparing(TpcdsTable::name))
                .toList();
        static final Map<String, TpcdsTable> BY_NAME =
                LIST.stream().collect(Collectors.toUnmodifiableMap(TpcdsTable::name, Function.identity()));

        private static TpcdsTable load(Table generatorTable) {
            TpcdsTable table = TableDefinitions.parse(TpcdsQueries.tableDefinition(generatorTable.getName()));
            List<String> ddlColumns = table.arrowSchema().getFields().stream().map(Field::getName).toList();
            List<String> generatorColumns = Arrays.stream(generatorTable.getColumns())
                    .map(column -> column.getName().toLowerCase(Locale.ROOT))
                    .toList();
            // Values are matched to columns by position; the names agree except for two the generator misspells
            // (p_response_targe, s_tax_precentage), so only insist on the same number of columns and first name.
            if (!table.name().equals(generatorTable.getName())
                    || ddlColumns.size() != generatorColumns.size()
                    || !ddlColumns.getFirst().equals(generatorColumns.getFirst())) {
                throw new IllegalStateException("The DDL of " + generatorTable.getName()
                        + " does not match the generator's columns: " + ddlColumns + " versus " + generatorColumns);
            }
            return table;
        }
    }
}
