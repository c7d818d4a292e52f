package io.proteus.planner;

import io.proteus.executor.task.FileSplit;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import io.proteus.tpcds.TpcdsCatalog;
import java.util.List;
import java.util.Set;

/** The TPC-DS catalog's metadata without its data: enough to plan, never to scan. */
final class TpcdsMetadataConnector implements Connector {

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
        throw new UnsupportedOperationException("planning tests never scan");
    }
}
