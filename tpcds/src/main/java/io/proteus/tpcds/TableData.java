package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The generated data of one TPC-DS table in one schema, as returned by {@link TpcdsDataStore#table}: the Arrow files
 * to scan, in partition order.
 *
 * @param schema the schema (scale) name, such as {@code "sf1"}
 * @param table the table name, such as {@code "store_sales"}
 * @param arrowSchema the schema of every partition file
 * @param partitions the partitions, ordered by index; at least one
 */
public record TableData(String schema, String table, Schema arrowSchema, List<TablePartition> partitions) {

    public TableData {
        requireNonNull(schema, "schema");
        requireNonNull(table, "table");
        requireNonNull(arrowSchema, "arrowSchema");
        partitions = List.copyOf(partitions);
    }

    /** Returns the number of rows over all partitions. */
    public long rowCount() {
        return partitions.stream().mapToLong(TablePartition::rowCount).sum();
    }

    /** Returns the size in bytes of all partition files. */
    public long byteSize() {
        return partitions.stream().mapToLong(TablePartition::byteSize).sum();
    }
}
