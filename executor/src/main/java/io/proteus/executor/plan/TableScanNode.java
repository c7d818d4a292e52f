package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * Reads the named columns of the table partitions assigned to the task for source {@code sourceId} (see
 * {@code TaskDescriptor#inputs}). Output columns are {@code columnNames} in order, typed {@code columnTypes}.
 */
public record TableScanNode(int sourceId, String tableName, List<String> columnNames, List<DataType> columnTypes)
        implements PlanNode {

    public TableScanNode {
        requireNonNull(tableName, "tableName");
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        if (columnNames.size() != columnTypes.size()) {
            throw new IllegalArgumentException("column names and types differ in number");
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }
}
