package io.proteus.server.cli;

import io.proteus.server.LocalClusterConfig;
import io.proteus.server.tpcds.ProteusTarget;
import io.proteus.server.tpcds.QuerySelection;
import io.proteus.server.tpcds.TpcdsScale;
import io.proteus.tpcds.TpcdsCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The options the TPC-DS commands share: what to run, where, and how long a query may take. */
final class TpcdsOptions {

    @Option(names = "--sf", paramLabel = "SCALE", converter = ScaleConverter.class,
            description = "TPC-DS scale factor: 1 (default), 10, 100 or 0.01, or a schema name (sf1, tiny, ...).")
    TpcdsScale scale;

    @Option(names = "--queries", paramLabel = "LIST", converter = SelectionConverter.class, defaultValue = QuerySelection.ALL,
            description = "Queries to run: numbers and ranges such as 1-99 (default), 3,7,42 or 1-10,42.")
    QuerySelection queries;

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "Query a running server, e.g. jdbc:proteus://127.0.0.1:8815/tpcds/sf1, instead of an embedded cluster.")
    String url;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where generated tables are cached (default ~/.proteus/data).")
    Path dataDirectory;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "Workers of the embedded cluster (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--timeout-seconds", paramLabel = "SECONDS", defaultValue = "300",
            description = "Cancel a query that runs longer and count it as an error; 0 for no limit (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--no-progress", description = "Print plain lines only, no progress bar, even on a terminal.")
    boolean noProgress;

    /** Returns the data directory: the option, else the default of a local cluster. */
    Path dataDirectory() {
        return dataDirectory != null ? dataDirectory : LocalClusterConfig.defaults().dataDirectory();
    }

    /** Throws a usage error for option values that are out of range. */
    void validate(CommandLine commandLine) {
        if (workers < 1) {
            throw new ParameterException(commandLine, "--workers must be at least 1, not " + workers);
        }
        if (timeoutSeconds < 0) {
            throw new ParameterException(commandLine, "--timeout-seconds must not be negative, not " + timeoutSeconds);
        }
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** Starts the embedded cluster, or returns the server of {@code --url}. */
    ProteusTarget target() throws IOException {
        if (url != null) {
            return ProteusTarget.remote(url);
        }
        return ProteusTarget.start(LocalClusterConfig.defaults()
                .withPorts(0, 0)
                .withWorkers(workers)
                .withDataDirectory(dataDirectory()));
    }

    /**
     * Connects to the target with the TPC-DS scale as default schema: {@code --sf}, else the schema of the
     * {@code --url} when it names a TPC-DS one, else {@code sf1}.
     */
    ScaledConnection connect(ProteusTarget target) throws SQLException {
        TpcdsScale resolved = scale;
        if (resolved == null) {
            resolved = new TpcdsScale("sf1");
            if (url != null) {
                try (Connection probe = target.connect()) {
                    String schema = probe.getSchema();
                    if (schema != null && TpcdsCatalog.schemaNames().contains(schema.toLowerCase(Locale.ROOT))) {
                        resolved = new TpcdsScale(schema);
                    }
                }
            }
        }
        return new ScaledConnection(target.connect(resolved), resolved);
    }

    /** A connection and the TPC-DS scale it queries by default. */
    record ScaledConnection(Connection connection, TpcdsScale scale) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** Converts {@code --sf}. */
    static final class ScaleConverter implements ITypeConverter<TpcdsScale> {
        @Override
        public TpcdsScale convert(String value) {
            try {
                return TpcdsScale.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts {@code --queries}. */
    static final class SelectionConverter implements ITypeConverter<QuerySelection> {
        @Override
        public QuerySelection convert(String value) {
            try {
                return QuerySelection.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
