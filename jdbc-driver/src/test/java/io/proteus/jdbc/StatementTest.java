package io.proteus.jdbc;

import static io.proteus.jdbc.TestFlightSqlServer.BIG;
import static io.proteus.jdbc.TestFlightSqlServer.FAILING_STREAM;
import static io.proteus.jdbc.TestFlightSqlServer.MISSING_TABLE;
import static io.proteus.jdbc.TestFlightSqlServer.NO_ROWS;
import static io.proteus.jdbc.TestFlightSqlServer.NUMBERS;
import static io.proteus.jdbc.TestFlightSqlServer.NUMBERS_ROWS;
import static io.proteus.jdbc.TestFlightSqlServer.QUERY_ID;
import static io.proteus.jdbc.TestFlightSqlServer.SLOW_PLANNING;
import static io.proteus.jdbc.TestFlightSqlServer.SLOW_STREAM;
import static io.proteus.jdbc.TestFlightSqlServer.SYNTAX_ERROR;
import static io.proteus.jdbc.TestFlightSqlServer.SYNTAX_ERROR_MESSAGE;
import static io.proteus.jdbc.TestFlightSqlServer.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.jdbc.TestFlightSqlServer.RecordedCall;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightMethod;
import org.junit.jupiter.api.Test;

class StatementTest extends ServerTestBase {

    private static int count(ResultSet resultSet) throws SQLException {
        int rows = 0;
        while (resultSet.next()) {
            rows++;
        }
        return rows;
    }

    @Test
    void executeReportsAResultSetThenNoMoreResults() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.execute(NUMBERS)).isTrue();
            ResultSet resultSet = statement.getResultSet();
            assertThat(resultSet).isNotNull();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            assertThat(count(resultSet)).isEqualTo(NUMBERS_ROWS);
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(resultSet.isClosed()).isTrue();
            assertThat(statement.getResultSet()).isNull();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
        }
    }

    @Test
    void statementWithoutResultColumnsProducesAnUpdateCountOfZero() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.execute(NO_ROWS)).isFalse();
            assertThat(statement.getResultSet()).isNull();
            assertThat(statement.getUpdateCount()).isZero();
            assertThat(statement.unwrap(ProteusStatement.class).queryId()).contains(QUERY_ID);
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            assertThatThrownBy(() -> statement.executeQuery(NO_ROWS)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("did not return a result set");
            assertThat(server.calls(FlightMethod.DO_GET)).isEmpty();
        }
    }

    @Test
    void executeUpdateReturnsTheServersCount() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(UPDATE)).isEqualTo(3);
            assertThat(statement.getUpdateCount()).isEqualTo(3);
            assertThat(statement.getLargeUpdateCount()).isEqualTo(3);
            assertThat(statement.getResultSet()).isNull();
            assertThat(statement.executeLargeUpdate(UPDATE)).isEqualTo(3);
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE nothing"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42000");
                        assertThat(e.getMessage()).startsWith("From line 1, column 1 to line 1, column 6");
                    });
        }
    }

    @Test
    void serverErrorKeepsTheMessageVerbatimAndTheConnectionUsable() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery(SYNTAX_ERROR))
                    .isInstanceOfSatisfying(SQLSyntaxErrorException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo(SYNTAX_ERROR_MESSAGE);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                    });
            assertThatThrownBy(() -> statement.executeQuery(MISSING_TABLE))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Object 'missing' not found");
                        assertThat(e.getSQLState()).isEqualTo("42S02");
                    });
            // Same statement, same connection.
            try (ResultSet resultSet = statement.executeQuery(NUMBERS)) {
                assertThat(count(resultSet)).isEqualTo(NUMBERS_ROWS);
            }
            try (Statement other = connection.createStatement(); ResultSet resultSet = other.executeQuery(NUMBERS)) {
                assertThat(count(resultSet)).isEqualTo(NUMBERS_ROWS);
            }
        }
    }

    @Test
    void errorInTheMiddleOfTheStreamReleasesItAndKeepsTheConnectionUsable() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ResultSet resultSet = statement.executeQuery(FAILING_STREAM);
            for (int row = 0; row < 4; row++) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getInt("id")).isEqualTo(row);
            }
            assertThatThrownBy(resultSet::next).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("Worker 3 failed: disk full");
                assertThat(e.getSQLState()).isEqualTo("HY000");
            });
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
            assertThat(resultSet.next()).isFalse();
            try (ResultSet again = statement.executeQuery(NUMBERS)) {
                assertThat(count(again)).isEqualTo(NUMBERS_ROWS);
            }
        }
    }

    @Test
    void maxRowsLimitsTheRowsAndReleasesTheStream() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setMaxRows(5);
            assertThat(statement.getMaxRows()).isEqualTo(5);
            statement.setFetchSize(2);
            assertThat(statement.getFetchSize()).isEqualTo(2);
            try (ResultSet resultSet = statement.executeQuery(NUMBERS)) {
                assertThat(count(resultSet)).isEqualTo(5);
                assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
            }
            statement.setMaxRows(0);
            try (ResultSet resultSet = statement.executeQuery(NUMBERS)) {
                assertThat(count(resultSet)).isEqualTo(NUMBERS_ROWS);
            }
            assertThatThrownBy(() -> statement.setMaxRows(-1)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void closingTheStatementReleasesAnUnfinishedStream() throws Exception {
        try (Connection connection = connect()) {
            Statement statement = connection.createStatement();
            ResultSet resultSet = statement.executeQuery(BIG);
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getLong(1)).isZero();
            assertThat(allocatorOf(connection).getAllocatedMemory()).isPositive();
            statement.close();
            assertThat(resultSet.isClosed()).isTrue();
            assertThat(statement.isClosed()).isTrue();
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
            assertThat(server.bigStreamCancelled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> statement.executeQuery(NUMBERS)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void executingAgainClosesThePreviousResultSet() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ResultSet first = statement.executeQuery(BIG);
            assertThat(first.next()).isTrue();
            ResultSet second = statement.executeQuery(NUMBERS);
            assertThat(first.isClosed()).isTrue();
            assertThat(count(second)).isEqualTo(NUMBERS_ROWS);
        }
    }

    @Test
    void keptResultSetsAreClosedWithTheStatement() throws Exception {
        try (Connection connection = connect()) {
            Statement statement = connection.createStatement();
            ResultSet kept = statement.executeQuery(BIG);
            assertThat(kept.next()).isTrue();
            assertThat(statement.getMoreResults(Statement.KEEP_CURRENT_RESULT)).isFalse();
            assertThat(kept.isClosed()).isFalse();
            ResultSet second = statement.executeQuery(NUMBERS);
            assertThat(kept.isClosed()).isFalse();
            assertThat(kept.getLong(1)).isZero();
            assertThat(second.next()).isTrue();
            statement.close();
            assertThat(kept.isClosed()).isTrue();
            assertThat(second.isClosed()).isTrue();
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
        }
    }

    @Test
    void closingTheConnectionClosesItsStatementsAndResultSets() throws Exception {
        Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(BIG);
        assertThat(resultSet.next()).isTrue();
        connection.close();
        assertThat(connection.isClosed()).isTrue();
        assertThat(statement.isClosed()).isTrue();
        assertThat(resultSet.isClosed()).isTrue();
        assertThatThrownBy(connection::createStatement).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("08003"));
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsResultSet() throws Exception {
        try (Connection connection = connect()) {
            Statement statement = connection.createStatement();
            statement.closeOnCompletion();
            assertThat(statement.isCloseOnCompletion()).isTrue();
            ResultSet resultSet = statement.executeQuery(NUMBERS);
            count(resultSet);
            assertThat(statement.isClosed()).isFalse();
            resultSet.close();
            assertThat(statement.isClosed()).isTrue();
        }
    }

    @Test
    void cancelStopsAStreamThatIsWaitingForData() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ResultSet resultSet = statement.executeQuery(SLOW_STREAM);
            assertThat(resultSet.next()).isTrue();
            CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return resultSet.next();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(server.slowStreamStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            statement.cancel();
            assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RuntimeException.class)
                    .satisfies(e -> {
                        SQLException cause = (SQLException) e.getCause().getCause();
                        assertThat(cause.getSQLState()).isEqualTo("57014");
                    });
            assertThat(server.cancelledQueries).containsExactly(QUERY_ID);
            assertThat(server.slowStreamCancelled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
            // The statement and the connection stay usable.
            try (ResultSet again = statement.executeQuery(NUMBERS)) {
                assertThat(count(again)).isEqualTo(NUMBERS_ROWS);
            }
        }
    }

    @Test
    void cancelStopsAQueryThatIsStillBeingPlanned() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            CompletableFuture<ResultSet> execution = CompletableFuture.supplyAsync(() -> {
                try {
                    return statement.executeQuery(SLOW_PLANNING);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(server.slowPlanningStarted.await(10, TimeUnit.SECONDS)).isTrue();
            statement.cancel();
            assertThatThrownBy(() -> execution.get(10, TimeUnit.SECONDS)).satisfies(e -> {
                SQLException cause = (SQLException) e.getCause().getCause();
                assertThat(cause.getSQLState()).isEqualTo("57014");
                assertThat(cause.getMessage()).isEqualTo("Query was cancelled");
            });
            assertThat(server.slowPlanningCancelled.await(10, TimeUnit.SECONDS)).isTrue();
            try (ResultSet again = statement.executeQuery(NUMBERS)) {
                assertThat(count(again)).isEqualTo(NUMBERS_ROWS);
            }
        }
    }

    @Test
    void cancelWithoutARunningQueryDoesNothing() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.cancel();
            assertThat(server.calls).isEmpty();
        }
    }

    @Test
    void sendsCatalogSchemaAndSessionPropertiesAsHeadersOnEveryCall() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("priority", "high");
        try (Connection connection = connect("/proteus/tpcds?strategy=dynamic&objective=cost", properties);
                Statement statement = connection.createStatement()) {
            assertThat(connection.getCatalog()).isEqualTo("proteus");
            assertThat(connection.getSchema()).isEqualTo("tpcds");
            try (ResultSet resultSet = statement.executeQuery(NUMBERS)) {
                count(resultSet);
            }
            List<RecordedCall> calls = server.calls;
            assertThat(calls).extracting(RecordedCall::method)
                    .containsExactly(FlightMethod.GET_FLIGHT_INFO, FlightMethod.DO_GET, FlightMethod.DO_GET);
            for (RecordedCall call : calls) {
                assertThat(call.headers())
                        .containsEntry("catalog", "proteus")
                        .containsEntry("schema", "tpcds")
                        .containsEntry("proteus-session-strategy", "dynamic")
                        .containsEntry("proteus-session-objective", "cost")
                        .containsEntry("proteus-session-priority", "high")
                        .doesNotContainKey("proteus-session-catalog");
            }
            // The session cookie set by the server on the first call is sent back on the following ones.
            assertThat(calls.get(0).headers()).doesNotContainKey("cookie");
            assertThat(calls.get(1).headers()).containsEntry("cookie", "proteus_session=session-1");
            assertThat(calls.get(2).headers()).containsEntry("cookie", "proteus_session=session-1");

            connection.setCatalog("system");
            connection.setSchema("runtime");
            statement.execute(NO_ROWS);
            Map<String, String> headers = server.calls.get(server.calls.size() - 1).headers();
            assertThat(headers).containsEntry("catalog", "system").containsEntry("schema", "runtime");

            connection.setSchema(null);
            statement.execute(NO_ROWS);
            headers = server.calls.get(server.calls.size() - 1).headers();
            assertThat(headers).containsEntry("catalog", "system").doesNotContainKey("schema");
        }
    }

    @Test
    void withoutCatalogNoCatalogHeaderIsSent() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(NO_ROWS);
            assertThat(server.calls.get(0).headers()).doesNotContainKeys("catalog", "schema");
            assertThat(connection.getCatalog()).isNull();
        }
    }

    @Test
    void exposesTheQueryIdAndFetchesRuntimeInformation() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ProteusStatement proteus = statement.unwrap(ProteusStatement.class);
            assertThat(statement.isWrapperFor(ProteusStatement.class)).isTrue();
            assertThat(statement.isWrapperFor(Connection.class)).isFalse();
            assertThatThrownBy(() -> statement.unwrap(Connection.class)).isInstanceOf(SQLException.class)
                    .hasMessage("Not a wrapper for java.sql.Connection");
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.unwrap(DatabaseMetaData.class)).isSameAs(metaData);
            assertThatThrownBy(() -> connection.unwrap(Statement.class)).isInstanceOf(SQLException.class);
            assertThat(proteus.queryId()).isEmpty();
            assertThatThrownBy(proteus::runtimeInformation).isInstanceOf(SQLException.class)
                    .hasMessageContaining("No query id");
            try (ResultSet resultSet = statement.executeQuery(NUMBERS)) {
                assertThat(proteus.queryId()).isEqualTo(Optional.of(QUERY_ID));
                count(resultSet);
            }
            assertThat(proteus.runtimeInformation())
                    .isEqualTo("{\"queryId\":\"" + QUERY_ID + "\",\"state\":\"FINISHED\"}");
            RecordedCall action = server.calls(FlightMethod.DO_ACTION).get(0);
            assertThat(action.headers()).containsKey("cookie");
            assertThatThrownBy(() -> statement.executeQuery(SYNTAX_ERROR)).isInstanceOf(SQLException.class);
            assertThat(proteus.queryId()).isEmpty();
        }
    }

    @Test
    void executesBatchesOfUpdates() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.addBatch(UPDATE);
            statement.addBatch(UPDATE);
            assertThat(statement.executeBatch()).containsExactly(3, 3);
            statement.addBatch(UPDATE);
            statement.addBatch("UPDATE nothing");
            statement.addBatch(UPDATE);
            assertThatThrownBy(statement::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class,
                    e -> assertThat(e.getUpdateCounts()).containsExactly(3));
            assertThat(statement.executeBatch()).isEmpty();
        }
    }

    @Test
    void refusesWhatItDoesNotSupport() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(NUMBERS, new int[] {1})).isInstanceOf(SQLException.class);
            assertThatThrownBy(statement::getGeneratedKeys).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.executeQuery(" ")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
                    ResultSet.CONCUR_READ_ONLY)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connection.setAutoCommit(false)).isInstanceOf(SQLException.class);
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(statement.getResultSetType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(statement.getConnection()).isSameAs(connection);
            statement.setQueryTimeout(30);
            assertThat(statement.getQueryTimeout()).isEqualTo(30);
            try (ResultSet resultSet = statement.executeQuery(NUMBERS)) {
                assertThat(count(resultSet)).isEqualTo(NUMBERS_ROWS);
            }
        }
    }
}
