package io.proteus.server.connector;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.FileSplit;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import io.proteus.tpcds.TableData;
import io.proteus.tpcds.TpcdsCatalog;
import io.proteus.tpcds.TpcdsDataStore;
import io.proteus.tpcds.TpcdsTable;
import java.util.List;
import java.util.Set;

/**
 * The {@code tpcds} catalog: one schema per scale factor ({@code tiny}, {@code sf0_1}, {@code sf0_5}, {@code sf1},
 * {@code sf10}, {@code sf100}) whose tables are generated on first use into Arrow IPC partitions under the data
 * directory.
 */
public final class TpcdsConnector implements Connector {

    private final TpcdsDataStore dataStore;

    public TpcdsConnector(TpcdsDataStore dataStore) {
        this.dataStore = requireNonNull(dataStore, "dataStore");
    }

    @Override
    public String catalogName() {
        return "tpcds";
    }

    @Override
    public Set<String> schemaNames() {
        return TpcdsCatalog.schemaNames();
    }

    @Override
    public List<TableMetadata> tables(String schemaName) {
        double scaleFactor = TpcdsCatalog.scaleFactor(schemaName);
        return TpcdsCatalog.tables().stream()
                .map(table -> new TableMetadata(table.name(), table.arrowSchema(), table.estimatedRowCount(scaleFactor),
                        List.of(table.primaryKey())))
                .toList();
    }

    @Override
    public List<FileSplit> splits(String schemaName, String tableName) {
        TpcdsTable table = TpcdsCatalog.table(tableName);
        TableData data = dataStore.table(schemaName, table.name());
        return data.partitions().stream()
                // Relative to the data directory: each worker resolves it against its own (docs/deploy.md).
                .map(partition -> new FileSplit(dataRelativePath(schemaName, table.name(), partition.file()),
                        partition.rowCount()))
                .toList();
    }

    /** The path of a partition file relative to the data directory, after {@link TpcdsDataStore}'s layout. */
    static String dataRelativePath(String schemaName, String tableName, java.nio.file.Path file) {
        return "tpcds/" + schemaName + "/" + tableName + "/" + file.getFileName();
    }

    public TpcdsDataStore dataStore() {
        return dataStore;
    }
}
