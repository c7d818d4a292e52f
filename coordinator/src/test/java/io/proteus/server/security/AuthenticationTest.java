package io.proteus.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.TestDataDirectory;
import io.proteus.server.http.ApiClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import io.proteus.server.flightsql.ProteusFlightSqlProducer;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * With users configured, Flight SQL (through {@code jdbc:proteus} and a plain Flight SQL client) and HTTP refuse calls
 * without credentials or with wrong ones, without detail, and accept the right ones; users get their default priority,
 * their limit on concurrent queries, and see only their own queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {

    static final String LONG_QUERY = "SELECT count(*) FROM store_sales a CROSS JOIN catalog_sales b WHERE a.ss_quantity < b.cs_quantity";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String UNAUTHENTICATED_BODY = "{\"error\":\"unauthenticated\"}";

    @TempDir
    static Path directory;

    private LocalCluster cluster;
    private String baseUrl;

    @BeforeAll
    void start() throws Exception {
        Path dataDirectory = TestDataDirectory.path();
        SecurityConfig security = new SecurityConfig(UserDirectory.load(TestUsers.write(directory)), Optional.empty());
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory)
                .withSlotsPerWorker(2), security);
        baseUrl = "http://127.0.0.1:" + cluster.httpPort();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/tiny", properties);
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void jdbcWithoutCredentialsOrWithAWrongPasswordIsRefused() throws SQLException {
        try (Connection connection = connect(null, null)) {
            assertThatThrownBy(() -> count(connection, "SELECT count(*) FROM warehouse"))
                    .isInstanceOf(SQLInvalidAuthorizationSpecException.class);
        } catch (SQLInvalidAuthorizationSpecException refusedAtConnect) {
            // Refusing at connect time is as good.
        }
        assertThatThrownBy(() -> connect("alice", "wrong password")).isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("alice").doesNotContainIgnoringCase("password"));
        assertThatThrownBy(() -> connect("mallory", TestUsers.ALICE_PASSWORD)).isInstanceOf(SQLInvalidAuthorizationSpecException.class);
        try (Connection connection = connect("alice", TestUsers.ALICE_PASSWORD)) {
            assertThat(count(connection, "SELECT count(*) FROM warehouse")).isPositive();
        }
    }

    @Test
    void flightSqlAcceptsBasicCredentialsAndApiTokensOnly() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", cluster.flightPort())).build()) {
            FlightSqlClient sql = new FlightSqlClient(client);
            assertThatThrownBy(() -> sql.execute("SELECT 1")).isInstanceOfSatisfying(FlightRuntimeException.class,
                    error -> assertThat(error.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
            assertThatThrownBy(() -> client.authenticateBasicToken("bob", "nope")).isInstanceOfSatisfying(FlightRuntimeException.class,
                    error -> assertThat(error.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
            assertThatThrownBy(() -> sql.execute("SELECT 1", bearer("made-up-token"))).isInstanceOfSatisfying(FlightRuntimeException.class,
                    error -> {
                        assertThat(error.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
                        assertThat(error.status().description()).doesNotContain("made-up-token");
                    });
            // The handshake with basic credentials returns a bearer token that later calls carry.
            var token = client.authenticateBasicToken("bob", TestUsers.BOB_PASSWORD).orElseThrow();
            FlightInfo bobQuery = sql.execute("SELECT count(*) FROM tpcds.tiny.warehouse", token);
            assertThat(readCount(client, bobQuery, token)).isPositive();
            // bob may read his query's runtime information; another user may not even learn it exists.
            Action runtimeInformation = new Action(ProteusFlightSqlProducer.RUNTIME_INFORMATION_ACTION, bobQuery.getAppMetadata());
            var results = client.doAction(runtimeInformation, token);
            assertThat(new String(results.next().getBody(), StandardCharsets.UTF_8)).contains("\"user\":\"bob\"");
            assertThatThrownBy(() -> client.doAction(runtimeInformation, bearer(TestUsers.ETL_TOKEN)).next())
                    .isInstanceOfSatisfying(FlightRuntimeException.class,
                            error -> assertThat(error.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND));
            // A configured API token works as a bearer token directly.
            HeaderCallOption etl = bearer(TestUsers.ETL_TOKEN);
            assertThat(readCount(client, sql.execute("SELECT count(*) FROM tpcds.tiny.warehouse", etl), etl)).isPositive();
        }
        List<String> users = new ArrayList<>();
        cluster.queryManager().queries().forEach(info -> users.add(info.user() + "/" + info.priority()));
        assertThat(users).contains("bob/batch", "etl/background");
    }

    private static HeaderCallOption bearer(String token) {
        CallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Bearer " + token);
        return new HeaderCallOption(headers);
    }

    private static long readCount(FlightClient client, FlightInfo info, org.apache.arrow.flight.CallOption credentials) throws Exception {
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), credentials)) {
            assertThat(stream.next()).isTrue();
            return ((BigIntVector) stream.getRoot().getVector(0)).get(0);
        }
    }

    @Test
    void httpRefusesWithoutCredentialsAndLeaksNoDetail() throws Exception {
        ApiClient anonymous = ApiClient.anonymous(baseUrl);
        for (String path : List.of("/v1/session", "/v1/query", "/v1/cluster", "/v1/info", "/v1/query/some-id", "/v1/no-such-endpoint")) {
            ApiClient.Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.body()).as(path).isEqualTo(UNAUTHENTICATED_BODY);
        }
        assertThat(anonymous.post("/v1/statement", Map.of("sql", "SELECT 1")).status()).isEqualTo(401);
        assertThat(anonymous.delete("/v1/query/x").status()).isEqualTo(401);
        ApiClient.Reply wrong = anonymous.withBasic("alice", "wrong").get("/v1/session");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(UNAUTHENTICATED_BODY);
        assertThat(anonymous.withBasic("nobody", "x").get("/v1/session").body()).isEqualTo(UNAUTHENTICATED_BODY);
        assertThat(anonymous.withBearer("made-up").get("/v1/session").status()).isEqualTo(401);
        ApiClient.Reply badLogin = anonymous.post("/v1/login", Map.of("user", "alice", "password", "wrong"));
        assertThat(badLogin.status()).isEqualTo(401);
        assertThat(badLogin.body()).isEqualTo(UNAUTHENTICATED_BODY);
        assertThat(badLogin.headers().firstValue("set-cookie")).isEmpty();
        // The console's static files carry no data and stay public, so the login form can load.
        assertThat(anonymous.get("/console/").status()).isEqualTo(200);
        // So does the health probe, which tells nothing but that the coordinator is up and how many workers it has.
        ApiClient.Reply health = anonymous.get("/v1/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(health.json().get("workers").asInt()).isEqualTo(2);

        assertThat(anonymous.withBasic("bob", TestUsers.BOB_PASSWORD).get("/v1/session").json().get("user").asText()).isEqualTo("bob");
        assertThat(anonymous.withBearer(TestUsers.ETL_TOKEN).get("/v1/session").json().get("user").asText()).isEqualTo("etl");
    }

    @Test
    void consoleLoginSetsAnHttpOnlyCookieThatLogoutEnds() throws Exception {
        ApiClient anonymous = ApiClient.anonymous(baseUrl);
        ApiClient.Reply login = anonymous.post("/v1/login", Map.of("user", "alice", "password", TestUsers.ALICE_PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).startsWith("proteus_console=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/")
                .doesNotContain("Secure");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        ApiClient.Reply session = anonymous.send(HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/v1/session")).GET(),
                Map.of("Cookie", pair));
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.json().get("user").asText()).isEqualTo("alice");
        assertThat(session.json().get("properties").get("priority").asText()).isEqualTo("interactive");
        // The login token also works as a bearer token for scripts.
        assertThat(anonymous.withBearer(login.json().get("token").asText()).get("/v1/session").status()).isEqualTo(200);

        ApiClient.Reply logout = anonymous.send(HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/v1/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()), Map.of("Cookie", pair));
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.headers().firstValue("set-cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(anonymous.send(HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/v1/session")).GET(), Map.of("Cookie", pair))
                .status()).isEqualTo(401);
    }

    @Test
    void usersGetTheirPriorityTheirQueryLimitAndOnlyTheirOwnQueries() throws Exception {
        ApiClient alice = ApiClient.anonymous(baseUrl).withBasic("alice", TestUsers.ALICE_PASSWORD);
        ApiClient bob = ApiClient.anonymous(baseUrl).withBasic("bob", TestUsers.BOB_PASSWORD);
        String bobQuery = bob.submit("SELECT count(*) FROM warehouse", "tiny");
        JsonNode bobView = bob.await(bobQuery, TIMEOUT);
        assertThat(bobView.get("info").get("priority").asText()).isEqualTo("batch");

        String longQuery = alice.submit(LONG_QUERY, "tiny");
        String bobQueryWhileAliceRuns = null;
        try {
            alice.awaitState(longQuery, "RUNNING", TIMEOUT);
            // Over HTTP: the second query fails with a clear message.
            JsonNode second = alice.await(alice.submit("SELECT count(*) FROM warehouse", "tiny"), TIMEOUT);
            assertThat(second.get("state").asText()).isEqualTo("FAILED");
            assertThat(second.get("error").asText()).isEqualTo(
                    "User alice already runs 1 queries, the most allowed at once; wait for one to finish or cancel one");
            // Over Flight SQL: the same limit, since both go through the query manager.
            try (Connection connection = connect("alice", TestUsers.ALICE_PASSWORD)) {
                assertThatThrownBy(() -> count(connection, "SELECT count(*) FROM warehouse"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("already runs 1 queries");
            }
            // Other users are not limited by alice's queries, and cannot see or cancel them.
            assertThat(bob.get("/v1/query/" + longQuery).status()).isEqualTo(404);
            assertThat(bob.delete("/v1/query/" + longQuery).status()).isEqualTo(404);
            List<String> bobHistory = new ArrayList<>();
            bob.get("/v1/query").json().forEach(query -> bobHistory.add(query.get("user").asText()));
            assertThat(bobHistory).isNotEmpty().containsOnly("bob");
            // Admitted and running (it waits for slots alice's query holds, and finishes once that is cancelled).
            bobQueryWhileAliceRuns = bob.submit("SELECT 1", "tiny");
            bob.awaitState(bobQueryWhileAliceRuns, "RUNNING", TIMEOUT);
        } finally {
            assertThat(alice.delete("/v1/query/" + longQuery).status()).isEqualTo(200);
        }
        assertThat(alice.await(longQuery, Duration.ofSeconds(30)).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(bob.await(bobQueryWhileAliceRuns, TIMEOUT).get("state").asText()).isEqualTo("FINISHED");
        // Once the running query is gone, alice may run another.
        assertThat(alice.await(alice.submit("SELECT 1", "tiny"), TIMEOUT).get("state").asText()).isEqualTo("FINISHED");
    }

    @Test
    void aClusterWithoutUsersListensOnlyOnLoopback() {
        assertThatThrownBy(() -> LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0)
                .withDataDirectory(directory).withHost("0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without users");
    }
}
