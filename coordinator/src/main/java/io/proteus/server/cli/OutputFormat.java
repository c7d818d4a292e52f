package io.proteus.server.cli;

/** How {@code proteus sql} prints result rows. */
enum OutputFormat {
    /** Aligned columns under a header, with a row count (like Trino's CLI). */
    TABLE,
    /** Comma-separated values with a header line (RFC 4180 quoting; NULL is an empty field). */
    CSV,
    /** One JSON object per row, keyed by column name (NULL is null, numbers stay exact). */
    JSON
}
