package io.proteus.executor.plan;

/** One ordering key: an input column, its direction and where NULLs go. */
public record SortKey(int column, boolean descending, boolean nullsFirst) {

    public SortKey {
        if (column < 0) {
            throw new IllegalArgumentException("negative sort column " + column);
        }
    }

    /** Ascending with NULLs last, the SQL default in Proteus (as DuckDB and Trino). */
    public static SortKey ascending(int column) {
        return new SortKey(column, false, false);
    }

    @Override
    public String toString() {
        return column + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
