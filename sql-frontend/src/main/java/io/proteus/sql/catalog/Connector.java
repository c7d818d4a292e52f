package io.proteus.sql.catalog;

import io.proteus.executor.task.FileSplit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A source of tables under one catalog name (for example {@code tpcds}): lists schemas and tables for the planner, and
 * hands the coordinator the partitions of a table when a query scans it.
 */
public interface Connector {

    /** The catalog name users write in SQL. */
    String catalogName();

    Set<String> schemaNames();

    List<TableMetadata> tables(String schemaName);

    default Optional<TableMetadata> table(String schemaName, String tableName) {
        return tables(schemaName).stream().filter(table -> table.name().equalsIgnoreCase(tableName)).findFirst();
    }

    /**
     * The partitions of a table, in order; may materialise the data first (for example generate TPC-DS data on first
     * use). Called by the coordinator when a query's scan stage is about to run.
     */
    List<FileSplit> splits(String schemaName, String tableName);
}
