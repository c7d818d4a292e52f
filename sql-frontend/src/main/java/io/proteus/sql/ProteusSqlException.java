package io.proteus.sql;

import static java.util.Objects.requireNonNull;

/** A statement failed; the message is meant for the user (Calcite's text with line and column for SQL errors). */
public class ProteusSqlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final QueryError error;

    public ProteusSqlException(QueryError error, String message) {
        super(message);
        this.error = requireNonNull(error, "error");
    }

    public ProteusSqlException(QueryError error, String message, Throwable cause) {
        super(message, cause);
        this.error = requireNonNull(error, "error");
    }

    public QueryError error() {
        return error;
    }
}
