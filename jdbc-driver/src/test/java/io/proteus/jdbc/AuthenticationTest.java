package io.proteus.jdbc;

import static io.proteus.jdbc.TestFlightSqlServer.NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.jdbc.TestFlightSqlServer.RecordedCall;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.flight.FlightMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends ServerTestBase {

    @Override
    @BeforeEach
    void startServer() throws Exception {
        server = TestFlightSqlServer.startWithAuthentication("alice", "secret");
    }

    @Test
    void basicAuthenticationGivesABearerTokenSentOnEveryCall() throws Exception {
        try (Connection connection = DriverManager.getConnection(server.url(), "alice", "secret");
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(NUMBERS)) {
            int rows = 0;
            while (resultSet.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(TestFlightSqlServer.NUMBERS_ROWS);
            assertThat(connection.getMetaData().getUserName()).isEqualTo("alice");
        }
        assertThat(server.calls.get(0).method()).isEqualTo(FlightMethod.HANDSHAKE);
        assertThat(server.calls.get(0).headers().get("authorization")).startsWith("Basic ");
        for (RecordedCall call : server.calls.subList(1, server.calls.size())) {
            assertThat(call.headers().get("authorization")).as(call.method().name()).startsWith("Bearer ");
        }
    }

    @Test
    void wrongPasswordFailsToConnect() {
        assertThatThrownBy(() -> DriverManager.getConnection(server.url() + "?user=alice&password=wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).isEqualTo("Invalid user name or password");
                });
    }

    @Test
    void missingCredentialsFailTheFirstCall() throws Exception {
        try (Connection connection = DriverManager.getConnection(server.url());
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery(NUMBERS)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        }
    }
}
