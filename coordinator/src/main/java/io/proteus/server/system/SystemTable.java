package io.proteus.server.system;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One table of the {@code system} catalog: its columns and a snapshot of its rows, taken when a query scans it. Values
 * are {@code String}, {@code Long}, {@code Integer}, {@code Double}, {@code Boolean} or {@code null}, in column order.
 */
public record SystemTable(String schemaName, String name, Schema schema, Supplier<List<List<Object>>> rows) {

    public SystemTable {
        requireNonNull(schemaName, "schemaName");
        requireNonNull(name, "name");
        requireNonNull(schema, "schema");
        requireNonNull(rows, "rows");
    }
}
