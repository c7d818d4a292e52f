package io.proteus.jdbc;

import static io.proteus.jdbc.TestFlightSqlServer.ECHO;
import static io.proteus.jdbc.TestFlightSqlServer.NUMBERS;
import static io.proteus.jdbc.TestFlightSqlServer.NUMBERS_ROWS;
import static io.proteus.jdbc.TestFlightSqlServer.QUERY_ID;
import static io.proteus.jdbc.TestFlightSqlServer.SYNTAX_ERROR;
import static io.proteus.jdbc.TestFlightSqlServer.SYNTAX_ERROR_MESSAGE;
import static io.proteus.jdbc.TestFlightSqlServer.UNTYPED_ECHO;
import static io.proteus.jdbc.TestFlightSqlServer.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparedStatementTest extends ServerTestBase {

    @Test
    void bindsParametersOfTheServersParameterSchema() throws Exception {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(ECHO)) {
            ParameterMetaData parameters = statement.getParameterMetaData();
            assertThat(parameters.getParameterCount()).isEqualTo(2);
            assertThat(parameters.getParameterType(1)).isEqualTo(Types.INTEGER);
            assertThat(parameters.getParameterType(2)).isEqualTo(Types.VARCHAR);
            assertThat(parameters.getParameterMode(1)).isEqualTo(ParameterMetaData.parameterModeIn);
            ResultSetMetaData columns = statement.getMetaData();
            assertThat(columns.getColumnCount()).isEqualTo(2);
            assertThat(columns.getColumnName(1)).isEqualTo("number");

            statement.setInt(1, 42);
            statement.setString(2, "hello");
            try (ResultSet resultSet = statement.executeQuery()) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getInt("number")).isEqualTo(42);
                assertThat(resultSet.getString("text")).isEqualTo("hello");
                assertThat(resultSet.next()).isFalse();
            }

            // Values are converted to the parameter's type; nulls are sent as nulls.
            statement.setString(1, "7");
            statement.setNull(2, Types.VARCHAR);
            try (ResultSet resultSet = statement.executeQuery()) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getInt("number")).isEqualTo(7);
                assertThat(resultSet.getString("text")).isNull();
                assertThat(resultSet.wasNull()).isTrue();
            }
            assertThat(server.boundParameters).containsExactly(List.of(42, "hello"), java.util.Arrays.asList(7, null));

            statement.clearParameters();
            statement.setInt(1, 1);
            assertThatThrownBy(statement::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("07001"));
            statement.setString(2, "x");
            statement.setInt(3, 1);
            assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class)
                    .hasMessageContaining("only 2 parameters");
            statement.clearParameters();
            statement.setString(1, "not a number");
            statement.setString(2, "x");
            assertThatThrownBy(statement::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("22018"));
            statement.setLong(1, 1L << 40);
            assertThatThrownBy(statement::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("22003"));
        }
    }

    @Test
    void infersParameterTypesWhenTheServerDoesNotDescribeThem() throws Exception {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(UNTYPED_ECHO)) {
            assertThat(statement.getParameterMetaData().getParameterCount()).isZero();
            statement.setLong(1, 5L);
            statement.setBigDecimal(2, new BigDecimal("1.25"));
            statement.setDate(3, Date.valueOf(LocalDate.of(2024, 1, 2)));
            assertThat(statement.execute()).isTrue();
            try (ResultSet resultSet = statement.getResultSet()) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).isEqualTo("5 (Long)");
                assertThat(resultSet.getString(2)).isEqualTo("1.25 (BigDecimal)");
                // DateDayVector.getObject gives the day number.
                assertThat(resultSet.getString(3))
                        .isEqualTo(LocalDate.of(2024, 1, 2).toEpochDay() + " (Integer)");
            }
            statement.setNull(1, Types.INTEGER);
            statement.setObject(2, "text");
            statement.setBoolean(3, true);
            try (ResultSet resultSet = statement.executeQuery()) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).isEqualTo("null");
                assertThat(resultSet.getString(2)).isEqualTo("text (String)");
                assertThat(resultSet.getString(3)).isEqualTo("true (Boolean)");
            }
        }
    }

    @Test
    void preparedQueryWithoutParametersStreamsAllEndpoints() throws Exception {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(NUMBERS)) {
            assertThat(statement.getMetaData().getColumnCount()).isEqualTo(6);
            for (int execution = 0; execution < 2; execution++) {
                try (ResultSet resultSet = statement.executeQuery()) {
                    int rows = 0;
                    while (resultSet.next()) {
                        assertThat(resultSet.getInt(1)).isEqualTo(rows);
                        rows++;
                    }
                    assertThat(rows).isEqualTo(NUMBERS_ROWS);
                }
            }
            assertThat(statement.unwrap(ProteusStatement.class).queryId()).contains(QUERY_ID);
        }
    }

    @Test
    void executesUpdatesAndBatches() throws Exception {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            assertThat(statement.getMetaData()).isNull();
            assertThat(statement.executeUpdate()).isEqualTo(1);
            statement.setInt(1, 10);
            statement.addBatch();
            statement.setInt(1, 20);
            statement.addBatch();
            assertThat(statement.executeBatch()).containsExactly(1, 1);
            assertThat(server.boundParameters).containsExactly(List.of(10), List.of(20));
        }
    }

    @Test
    void closingReleasesTheServersPreparedStatementAndTheParameters() throws Exception {
        try (Connection connection = connect()) {
            PreparedStatement statement = connection.prepareStatement(ECHO);
            statement.setInt(1, 1);
            statement.setString(2, "a");
            ResultSet resultSet = statement.executeQuery();
            assertThat(resultSet.next()).isTrue();
            statement.close();
            assertThat(resultSet.isClosed()).isTrue();
            assertThat(server.closedPreparedStatements).hasSize(1);
            assertThat(server.closedPreparedStatements.iterator().next()).startsWith(ECHO);
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
            assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void prepareErrorsCarryTheServersMessage() throws Exception {
        try (Connection connection = connect()) {
            assertThatThrownBy(() -> connection.prepareStatement(SYNTAX_ERROR))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo(SYNTAX_ERROR_MESSAGE);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                    });
            try (PreparedStatement statement = connection.prepareStatement(NUMBERS)) {
                assertThatThrownBy(() -> statement.executeQuery(NUMBERS)).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> statement.addBatch(NUMBERS)).isInstanceOf(SQLException.class);
                assertThat(statement.execute()).isTrue();
            }
        }
    }
}
