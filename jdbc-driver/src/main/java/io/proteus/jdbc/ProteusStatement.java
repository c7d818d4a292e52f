package io.proteus.jdbc;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Proteus-specific information about the query a statement runs or last ran, reached with
 * {@code statement.unwrap(ProteusStatement.class)} on any statement of the driver. The query id is known as soon as
 * the coordinator has planned the query, so another thread may follow its {@link #progress()} while
 * {@code executeQuery} waits for the first rows, and {@link java.sql.Statement#cancel()} stops it.
 */
public interface ProteusStatement {
    /** The name of the Flight action that returns a query's runtime information. */
    String RUNTIME_INFORMATION_ACTION = "proteus.runtime-information";
    /** The name of the Flight action that returns a query's progress. */
    String QUERY_PROGRESS_ACTION = "proteus.query-progress";

    /**
     * The coordinator's id of the last query this statement executed, taken from the {@code app_metadata} of the
     * query's {@code FlightInfo}; empty before the first query, after an update executed without a
     * {@code FlightInfo}, or when the server sent none.
     */
    Optional<String> queryId();

    /**
     * Asks the coordinator for the runtime information of the last query (how it was planned and executed), by the
     * Flight action {@value #RUNTIME_INFORMATION_ACTION} with the query id as body.
     *
     * @return the JSON document the coordinator returns
     * @throws SQLException if no query id is known or the coordinator fails
     */
    String runtimeInformation() throws SQLException;

    /**
     * The runtime information of the last query, read from {@link #runtimeInformation()}: query id, settings, elapsed
     * time, slot-seconds, bytes shuffled, the decisions taken and the stages run.
     *
     * @throws SQLException if no query id is known or the coordinator fails
     */
    QueryRuntimeInformation queryRuntimeInformation() throws SQLException;

    /**
     * The progress of the running (or last) query, by the Flight action {@value #QUERY_PROGRESS_ACTION}; may be
     * called from another thread while this statement executes.
     *
     * @throws SQLException if no query id is known yet or the coordinator fails
     */
    QueryProgress progress() throws SQLException;
}
