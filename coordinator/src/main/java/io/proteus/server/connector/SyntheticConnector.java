package io.proteus.server.connector;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.FileSplit;
import io.proteus.server.synthetic.KeyDistribution;
import io.proteus.server.synthetic.SyntheticDataStore;
import io.proteus.server.synthetic.SyntheticTable;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import io.proteus.tpcds.TableData;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code synthetic} catalog: schemas {@code uniform} and {@code pareto} (the distribution of the tables'
 * {@code join_key}) whose tables are named by their size, {@code mb_100}, {@code mb_2_5}, ... (see
 * {@link SyntheticTable}), and generated on first use into Arrow IPC partitions under the data directory. A schema lists
 * the tables of {@link #STANDARD_MEGABYTES} (the sizes of the paper experiments) and every table generated so far;
 * {@link #declare} generates one of any other size so that queries can name it.
 */
public final class SyntheticConnector implements Connector {

    /** The table sizes, in MB, every schema lists: the scaled paper experiments' (Fig. 4) small and large tables. */
    public static final List<Double> STANDARD_MEGABYTES = List.of(2.5, 5.0, 10.0, 15.0, 20.0, 25.0, 100.0);

    private final SyntheticDataStore dataStore;

    public SyntheticConnector(SyntheticDataStore dataStore) {
        this.dataStore = requireNonNull(dataStore, "dataStore");
    }

    @Override
    public String catalogName() {
        return "synthetic";
    }

    @Override
    public Set<String> schemaNames() {
        return Arrays.stream(KeyDistribution.values()).map(KeyDistribution::schemaName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public List<TableMetadata> tables(String schemaName) {
        KeyDistribution distribution = KeyDistribution.ofSchema(schemaName);
        Set<String> names = new TreeSet<>(dataStore.generatedTables(distribution));
        STANDARD_MEGABYTES.forEach(megabytes -> names.add(SyntheticTable.ofMegabytes(megabytes).name()));
        return names.stream()
                .map(SyntheticTable::parse)
                .map(table -> new TableMetadata(table.name(), SyntheticTable.arrowSchema(), table.rows(), List.of(List.of("id"))))
                .toList();
    }

    @Override
    public List<FileSplit> splits(String schemaName, String tableName) {
        KeyDistribution distribution = KeyDistribution.ofSchema(schemaName);
        SyntheticTable table = SyntheticTable.parse(tableName);
        TableData data = dataStore.table(distribution, table);
        // Relative to the data directory: each worker resolves it against its own (docs/deploy.md).
        return data.partitions().stream()
                .map(partition -> new FileSplit("synthetic/" + distribution.schemaName() + "/" + table.name() + "/"
                        + partition.file().getFileName(), partition.rowCount()))
                .toList();
    }

    /** Generates a table of any size (if not generated yet), after which its schema lists it; returns its data. */
    public TableData declare(KeyDistribution distribution, SyntheticTable table) {
        return dataStore.table(requireNonNull(distribution, "distribution"), requireNonNull(table, "table"));
    }

    public SyntheticDataStore dataStore() {
        return dataStore;
    }
}
