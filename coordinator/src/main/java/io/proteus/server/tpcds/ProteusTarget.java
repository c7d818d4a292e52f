package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Proteus that the TPC-DS commands query through the {@code jdbc:proteus} driver: an embedded local cluster started
 * for the command (and stopped with it), or a running server given by its JDBC URL.
 */
public final class ProteusTarget implements AutoCloseable {

    /**
     * gRPC logs a warning with a stack trace when a client cancels a stream the server is writing, which is what
     * cancelling a query that ran out of time does; kept here so that the logger keeps its level.
     */
    private static final Logger CANCELLED_STREAM_LOGGER = Logger.getLogger("io.grpc.netty.NettyServerHandler");

    private final String url;
    private final Optional<LocalCluster> cluster;
    private final String description;

    private ProteusTarget(String url, Optional<LocalCluster> cluster, String description) {
        this.url = requireNonNull(url, "url");
        this.cluster = requireNonNull(cluster, "cluster");
        this.description = requireNonNull(description, "description");
    }

    /** Starts an embedded cluster in this process. */
    public static ProteusTarget start(LocalClusterConfig config) throws IOException {
        requireNonNull(config, "config");
        CANCELLED_STREAM_LOGGER.setLevel(Level.SEVERE);
        LocalCluster cluster = LocalCluster.start(config);
        String description = String.format(Locale.ROOT, "an embedded cluster (%d workers x %d slots, data in %s)",
                config.workers(), config.slotsPerWorker(), config.dataDirectory());
        return new ProteusTarget(cluster.jdbcUrl(), Optional.of(cluster), description);
    }

    /** Uses a running server. */
    public static ProteusTarget remote(String url) {
        requireNonNull(url, "url");
        return new ProteusTarget(url, Optional.empty(), url);
    }

    /** The JDBC URL of the server (without catalog and schema for an embedded cluster). */
    public String url() {
        return url;
    }

    /** Returns where the queries go, for people. */
    public String description() {
        return description;
    }

    /** Returns the embedded cluster, if this target is one. */
    public Optional<LocalCluster> cluster() {
        return cluster;
    }

    /** Opens a connection with the URL's defaults. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Opens a connection whose default catalog and schema are those of a TPC-DS scale. */
    public Connection connect(TpcdsScale scale) throws SQLException {
        requireNonNull(scale, "scale");
        Connection connection = connect();
        try {
            connection.setCatalog(TpcdsScale.CATALOG);
            connection.setSchema(scale.schema());
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /** Stops the embedded cluster, if this target is one. */
    @Override
    public void close() {
        cluster.ifPresent(LocalCluster::close);
    }
}
