package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.TableData;
import io.proteus.tpcds.TablePartition;
import io.proteus.tpcds.TpcdsQueries;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.duckdb.DuckDBConnection;

/**
 * An in-process, in-memory DuckDB database with TPC-DS tables loaded from the Arrow IPC files of a
 * {@link io.proteus.tpcds.TpcdsDataStore}: the same rows Proteus scans, so that both engines answer alike.
 *
 * <p>Each table is created with the reference DDL ({@link TpcdsQueries#tableDefinition}), so its columns have the
 * declared types ({@code decimal(7,2)}, {@code date}, ...), and filled with {@code INSERT ... SELECT} from the
 * partition files handed to DuckDB as Arrow C streams: no copy through text, no loss of precision.
 */
public final class DuckDbDatabase implements AutoCloseable {

    private final DuckDBConnection connection;
    private final BufferAllocator allocator;
    private final Path temporaryDirectory;
    private final Set<String> tables = new LinkedHashSet<>();

    private DuckDbDatabase(DuckDBConnection connection, BufferAllocator allocator, Path temporaryDirectory) {
        this.connection = connection;
        this.allocator = allocator;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * Opens an empty in-memory database, which spills to a temporary directory of its own (deleted on close) when a
     * query needs more memory than it may use.
     *
     * @param allocator the allocator the Arrow files are read with while loading
     */
    public static DuckDbDatabase open(BufferAllocator allocator) throws SQLException, IOException {
        requireNonNull(allocator, "allocator");
        Path temporaryDirectory = Files.createTempDirectory("proteus-duckdb-");
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET temp_directory = '" + temporaryDirectory.toString().replace("'", "''") + "'");
            return new DuckDbDatabase(connection.unwrap(DuckDBConnection.class), allocator, temporaryDirectory);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            deleteRecursively(temporaryDirectory);
            throw e;
        }
    }

    /** Returns the connection queries run on; its default schema holds the loaded tables. */
    public Connection connection() {
        return connection;
    }

    /** Returns the names of the loaded tables, in loading order. */
    public Set<String> tables() {
        return Set.copyOf(tables);
    }

    /** Creates a table and loads the generated data into it, unless it is loaded already. */
    public void load(TableData data) throws SQLException, IOException {
        requireNonNull(data, "data");
        String table = data.table().toLowerCase(Locale.ROOT);
        if (tables.contains(table)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(TpcdsQueries.tableDefinition(table));
        }
        for (TablePartition partition : data.partitions()) {
            loadPartition(table, partition);
        }
        tables.add(table);
    }

    /**
     * Appends one partition file to a table. The file's reader is exported as an Arrow C stream, which owns it from
     * then on: DuckDB takes the stream over when it scans it and releases it (closing the reader) when done; if it
     * never gets that far, the stream is released here.
     */
    private void loadPartition(String table, TablePartition partition) throws SQLException, IOException {
        String streamName = "proteus_load_" + table + "_" + partition.index();
        try (BufferAllocator partitionAllocator = allocator.newChildAllocator(streamName, 0, Long.MAX_VALUE);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(partitionAllocator)) {
            ArrowFileReader reader = new ArrowFileReader(
                    FileChannel.open(partition.file(), StandardOpenOption.READ), partitionAllocator);
            try {
                Data.exportArrayStream(partitionAllocator, reader, stream);
            } catch (RuntimeException e) {
                reader.close();
                throw e;
            }
            try (Statement statement = connection.createStatement()) {
                connection.registerArrowStream(streamName, stream);
                statement.execute("INSERT INTO " + table + " SELECT * FROM " + streamName);
                statement.execute("DROP VIEW " + streamName);
            } finally {
                if (stream.snapshot().release != 0) {
                    stream.release();
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.close();
        } finally {
            deleteRecursively(temporaryDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Only spill files of a closed database; the system cleans its temporary directory eventually.
        }
    }
}
