package io.proteus.sql.catalog;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.types.pojo.Schema;

/** What the planner knows of a table before running anything: its name, columns (as an Arrow schema) and size. */
public record TableMetadata(String name, Schema arrowSchema, long estimatedRowCount) {

    public TableMetadata {
        requireNonNull(name, "name");
        requireNonNull(arrowSchema, "arrowSchema");
    }
}
