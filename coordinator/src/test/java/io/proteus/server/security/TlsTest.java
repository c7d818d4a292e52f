package io.proteus.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.TestDataDirectory;
import io.proteus.server.http.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
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

/** TLS on Flight SQL and HTTP with a self-signed certificate generated for the test, together with authentication. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {

    @TempDir
    static Path directory;

    private SelfSignedCertificate certificate;
    private LocalCluster cluster;

    @BeforeAll
    void start() throws Exception {
        certificate = SelfSignedCertificate.generate(directory);
        Path dataDirectory = TestDataDirectory.path();
        SecurityConfig security = new SecurityConfig(UserDirectory.load(TestUsers.write(directory)),
                Optional.of(new TlsSettings(certificate.certificate(), certificate.privateKey())));
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory)
                .withSlotsPerWorker(1), security);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void httpsServesTheApiWithSecureCookiesAndRefusesPlainHttp() throws Exception {
        assertThat(cluster.consoleUrl()).startsWith("https://");
        ApiClient https = ApiClient.anonymous("https://127.0.0.1:" + cluster.httpPort(), certificate.trustingContext());
        assertThat(https.get("/v1/session").status()).isEqualTo(401);
        ApiClient.Reply login = https.post("/v1/login", Map.of("user", "bob", "password", TestUsers.BOB_PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.headers().firstValue("set-cookie").orElseThrow()).contains("Secure").containsIgnoringCase("HttpOnly");
        ApiClient bob = https.withBasic("bob", TestUsers.BOB_PASSWORD);
        assertThat(bob.await(bob.submit("SELECT count(*) AS n FROM warehouse", "tiny"), java.time.Duration.ofSeconds(120))
                .get("rows").get(0).get(0).asLong()).isPositive();

        ApiClient plain = ApiClient.anonymous("http://127.0.0.1:" + cluster.httpPort());
        assertThatThrownBy(() -> plain.get("/v1/session")).isInstanceOf(IOException.class);
        // A client that does not trust the certificate is refused by its own TLS check.
        ApiClient untrusting = ApiClient.anonymous("https://127.0.0.1:" + cluster.httpPort());
        assertThatThrownBy(() -> untrusting.get("/v1/session")).isInstanceOf(IOException.class);
    }

    @Test
    void proteusJdbcDriverConnectsOverTls() throws Exception {
        String url = "jdbc:proteus://127.0.0.1:" + cluster.flightPort() + "/tpcds/tiny";
        Properties credentials = new Properties();
        credentials.setProperty("user", "alice");
        credentials.setProperty("password", TestUsers.ALICE_PASSWORD);
        try (Connection connection = DriverManager.getConnection(url + "?ssl=true&sslRootCert=" + certificate.certificate(),
                        credentials);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM warehouse")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isPositive();
        }
        // Without TLS the server's TLS listener cannot be reached; with TLS but without trusting the self-signed
        // certificate the driver's own check refuses it.
        assertThatThrownBy(() -> DriverManager.getConnection(url, credentials)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url + "?ssl=true", credentials)).isInstanceOf(SQLException.class);
    }

    @Test
    void flightSqlOverTlsAuthenticatesAndRunsQueries() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                InputStream trusted = Files.newInputStream(certificate.certificate());
                FlightClient client = FlightClient.builder(allocator, Location.forGrpcTls("127.0.0.1", cluster.flightPort()))
                        .trustedCertificates(trusted)
                        .build()) {
            FlightSqlClient sql = new FlightSqlClient(client);
            assertThatThrownBy(() -> sql.execute("SELECT 1")).isInstanceOfSatisfying(FlightRuntimeException.class,
                    error -> assertThat(error.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
            CredentialCallOption token = client.authenticateBasicToken("alice", TestUsers.ALICE_PASSWORD).orElseThrow();
            FlightInfo info = sql.execute("SELECT count(*) FROM tpcds.tiny.warehouse", token);
            try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), token)) {
                assertThat(stream.next()).isTrue();
                assertThat(((BigIntVector) stream.getRoot().getVector(0)).get(0)).isPositive();
            }
        }
        try (BufferAllocator allocator = new RootAllocator();
                FlightClient plain = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", cluster.flightPort())).build()) {
            assertThatThrownBy(() -> plain.authenticateBasicToken("alice", TestUsers.ALICE_PASSWORD))
                    .isInstanceOf(FlightRuntimeException.class);
        }
    }
}
