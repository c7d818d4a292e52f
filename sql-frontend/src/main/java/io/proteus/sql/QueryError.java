package io.proteus.sql;

/** The classes of errors a statement can fail with; each maps to a Flight status and a JDBC SQLState. */
public enum QueryError {
    /** The text does not parse. */
    SYNTAX,
    /** It parses but names something that does not exist or is typed wrongly. */
    VALIDATION,
    /** The statement uses SQL Proteus does not implement. */
    NOT_SUPPORTED,
    /** A worker failed while running the query. */
    EXECUTION,
    /** A memory budget was exceeded. */
    MEMORY_LIMIT,
    /** The user already runs as many queries as the server allows them. */
    QUERY_LIMIT,
    /** The query was cancelled. */
    CANCELLED,
    /** A bug or an unexpected state. */
    INTERNAL
}
