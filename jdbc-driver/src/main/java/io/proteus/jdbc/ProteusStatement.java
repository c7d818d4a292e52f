package io.proteus.jdbc;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Proteus-specific information about the last query a statement executed, reached with
 * {@code statement.unwrap(ProteusStatement.class)} on any statement of the driver.
 */
public interface ProteusStatement {
    /** The name of the Flight action that returns a query's runtime information. */
    String RUNTIME_INFORMATION_ACTION = "proteus.runtime-information";

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
}
