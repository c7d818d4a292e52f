package io.proteus.sql;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlNode;

/**
 * A parsed statement: its kind, the SQL tree of the query it carries (for QUERY, EXPLAIN, EXPLAIN ANALYZE), or the
 * session property it sets (for SET; a null value means RESET).
 */
public record ParsedStatement(StatementKind kind, String text, SqlNode query, String propertyName, String propertyValue) {

    public ParsedStatement {
        requireNonNull(kind, "kind");
        requireNonNull(text, "text");
    }
}
