package io.proteus.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the planner knows of a table before running anything: its name, columns (as an Arrow schema), size, and the
 * sets of columns whose values are unique (primary keys), which the cost model uses to estimate joins.
 */
public record TableMetadata(String name, Schema arrowSchema, long estimatedRowCount, List<List<String>> uniqueKeys) {

    public TableMetadata {
        requireNonNull(name, "name");
        requireNonNull(arrowSchema, "arrowSchema");
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        for (List<String> key : uniqueKeys) {
            for (String column : key) {
                if (arrowSchema.getFields().stream().noneMatch(field -> field.getName().equals(column))) {
                    throw new IllegalArgumentException("unique key column " + column + " is not a column of " + name);
                }
            }
        }
    }

    /** A table without known unique keys. */
    public TableMetadata(String name, Schema arrowSchema, long estimatedRowCount) {
        this(name, arrowSchema, estimatedRowCount, List.of());
    }
}
