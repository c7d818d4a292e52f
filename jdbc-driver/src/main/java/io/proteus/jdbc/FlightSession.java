package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The Arrow Flight side of one connection: the Flight SQL client, the connection's allocator, the bearer token and
 * the headers sent on every call.
 *
 * <p>Every call carries the headers {@code catalog} and {@code schema} (when set; the same headers the Arrow Flight
 * SQL JDBC driver sends for its catalog and schema properties), one {@code proteus-session-<name>} header per session
 * property, and the bearer token obtained by the basic-authentication handshake. A server session cookie is kept by
 * {@link ClientCookieMiddleware}.
 */
final class FlightSession implements AutoCloseable {
    static final String CATALOG_HEADER = "catalog";
    static final String SCHEMA_HEADER = "schema";
    static final String SESSION_PROPERTY_HEADER_PREFIX = "proteus-session-";

    private final ConnectionProperties properties;
    private final BufferAllocator allocator;
    private final FlightClient flightClient;
    private final FlightSqlClient sqlClient;
    private final Optional<CallOption> credentials;
    private volatile Optional<String> catalog;
    private volatile Optional<String> schema;

    private FlightSession(
            ConnectionProperties properties,
            BufferAllocator allocator,
            FlightClient flightClient,
            Optional<CallOption> credentials) {
        this.properties = requireNonNull(properties, "properties is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.flightClient = requireNonNull(flightClient, "flightClient is null");
        this.sqlClient = new FlightSqlClient(flightClient);
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.catalog = properties.catalog();
        this.schema = properties.schema();
    }

    /** Connects to the coordinator and, when a password is given, authenticates. */
    static FlightSession open(ConnectionProperties properties) throws SQLException {
        BufferAllocator allocator = DriverAllocator.newConnectionAllocator();
        FlightClient client = null;
        try {
            // The Flight client closes the allocator it is given when it is closed.
            client = clientBuilder(properties, allocator).intercept(new ClientCookieMiddleware.Factory()).build();
            Optional<CallOption> credentials = Optional.empty();
            if (properties.password().isPresent()) {
                credentials = client.authenticateBasicToken(properties.user().orElseThrow(), properties.password().get())
                        .map(CallOption.class::cast);
            }
            return new FlightSession(properties, allocator, client, credentials);
        } catch (SQLException e) {
            closeQuietly(client, allocator);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(client, allocator);
            SQLException failure = e instanceof FlightRuntimeException
                    ? SqlErrors.fromFlight((FlightRuntimeException) e)
                    : new SQLException("Cannot connect to " + properties.url() + ": " + e.getMessage(),
                            SqlErrors.CONNECTION_FAILURE, e);
            throw failure;
        }
    }

    private static FlightClient.Builder clientBuilder(ConnectionProperties properties, BufferAllocator allocator)
            throws SQLException {
        ConnectionProperties.TransportSecurity security = properties.transportSecurity();
        if (!security.enabled()) {
            return FlightClient.builder(allocator, Location.forGrpcInsecure(properties.host(), properties.port()));
        }
        FlightClient.Builder builder = FlightClient.builder(allocator, Location.forGrpcTls(properties.host(), properties.port()))
                .useTls()
                .verifyServer(security.verifyServer());
        if (security.rootCertificate().isPresent()) {
            try {
                // The builder keeps the certificates' bytes; the stream is not needed after this call.
                try (InputStream certificates = Files.newInputStream(security.rootCertificate().get())) {
                    builder.trustedCertificates(new ByteArrayInputStream(certificates.readAllBytes()));
                }
            } catch (IOException e) {
                throw new SQLException("Cannot read the sslRootCert file " + security.rootCertificate().get() + ": "
                        + e.getMessage(), SqlErrors.CONNECTION_FAILURE, e);
            }
        }
        return builder;
    }

    private static void closeQuietly(FlightClient client, BufferAllocator allocator) {
        try {
            if (client != null) {
                client.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // Already failing; the original exception is the one to report.
        } finally {
            allocator.close();
        }
    }

    ConnectionProperties properties() {
        return properties;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    FlightClient flightClient() {
        return flightClient;
    }

    FlightSqlClient sqlClient() {
        return sqlClient;
    }

    Optional<String> catalog() {
        return catalog;
    }

    Optional<String> schema() {
        return schema;
    }

    void setCatalog(Optional<String> catalog) throws SQLException {
        if (catalog.isPresent()) {
            ConnectionProperties.checkHeaderValue(properties.url(), catalog.get());
        }
        this.catalog = catalog;
    }

    void setSchema(Optional<String> schema) throws SQLException {
        if (schema.isPresent()) {
            ConnectionProperties.checkHeaderValue(properties.url(), schema.get());
        }
        this.schema = schema;
    }

    /** Returns the options of one call: the current headers, the bearer token, and any extra options. */
    CallOption[] callOptions(CallOption... extra) {
        FlightCallHeaders headers = new FlightCallHeaders();
        catalog.ifPresent(value -> headers.insert(CATALOG_HEADER, value));
        schema.ifPresent(value -> headers.insert(SCHEMA_HEADER, value));
        for (Map.Entry<String, String> property : properties.sessionProperties().entrySet()) {
            headers.insert(SESSION_PROPERTY_HEADER_PREFIX + property.getKey(), property.getValue());
        }
        List<CallOption> options = new ArrayList<>(2 + extra.length);
        options.add(new HeaderCallOption(headers));
        credentials.ifPresent(options::add);
        options.addAll(List.of(extra));
        return options.toArray(new CallOption[0]);
    }

    /** Closes the Flight client and the connection's allocator (which reports any buffer still allocated). */
    @Override
    public void close() throws SQLException {
        try {
            sqlClient.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while closing the connection", SqlErrors.GENERAL_ERROR, e);
        } catch (Exception e) {
            throw new SQLException("Failed to close the connection: " + e.getMessage(), SqlErrors.GENERAL_ERROR, e);
        } finally {
            allocator.close();
        }
    }
}
