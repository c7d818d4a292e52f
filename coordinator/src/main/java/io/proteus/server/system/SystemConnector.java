package io.proteus.server.system;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.FileSplit;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * The {@code system} catalog: the coordinator's own state as tables ({@code system.runtime.queries},
 * {@code system.runtime.decisions}, ...). A scan takes a snapshot of the table's rows and writes it as an Arrow file
 * that the workers read like any other table, so system tables are queried with the full SQL of Proteus (joins,
 * filters, aggregates) and through the same workers as user data. Snapshots are removed after a few minutes and when
 * the connector closes.
 */
public final class SystemConnector implements Connector, AutoCloseable {

    private static final Duration SNAPSHOT_LIFETIME = Duration.ofMinutes(10);

    private final List<SystemTable> tables;
    private final BufferAllocator allocator;
    private final Path snapshotDirectory;

    public SystemConnector(List<SystemTable> tables, BufferAllocator allocator) {
        this.tables = List.copyOf(requireNonNull(tables, "tables"));
        this.allocator = requireNonNull(allocator, "allocator");
        try {
            this.snapshotDirectory = Files.createTempDirectory("proteus-system-tables");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for system table snapshots", e);
        }
    }

    @Override
    public String catalogName() {
        return "system";
    }

    @Override
    public Set<String> schemaNames() {
        Set<String> names = new LinkedHashSet<>();
        tables.forEach(table -> names.add(table.schemaName()));
        return names;
    }

    @Override
    public List<TableMetadata> tables(String schemaName) {
        return tables.stream()
                .filter(table -> table.schemaName().equals(schemaName))
                .map(table -> new TableMetadata(table.name(), table.schema(), 1000))
                .toList();
    }

    @Override
    public List<FileSplit> splits(String schemaName, String tableName) {
        SystemTable table = tables.stream()
                .filter(candidate -> candidate.schemaName().equals(schemaName) && candidate.name().equalsIgnoreCase(tableName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table system." + schemaName + "." + tableName));
        removeOldSnapshots();
        List<List<Object>> rows = table.rows().get();
        Path file = snapshotDirectory.resolve(schemaName + "." + table.name() + "-" + UUID.randomUUID() + ".arrow");
        write(table, rows, file);
        return List.of(new FileSplit(file.toString(), rows.size()));
    }

    private void write(SystemTable table, List<List<Object>> rows, Path file) {
        try (BufferAllocator snapshotAllocator = allocator.newChildAllocator("system-snapshot-" + table.name(), 0, Long.MAX_VALUE);
                VectorSchemaRoot root = VectorSchemaRoot.create(table.schema(), snapshotAllocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            root.allocateNew();
            for (int row = 0; row < rows.size(); row++) {
                List<Object> values = rows.get(row);
                for (int column = 0; column < root.getFieldVectors().size(); column++) {
                    set(root.getVector(column), row, values.get(column));
                }
            }
            root.setRowCount(rows.size());
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot of system table " + table.name(), e);
        }
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        switch (vector) {
            case VarCharVector text -> text.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
            case BigIntVector bigint -> bigint.setSafe(row, ((Number) value).longValue());
            case IntVector integer -> integer.setSafe(row, ((Number) value).intValue());
            case Float8Vector real -> real.setSafe(row, ((Number) value).doubleValue());
            case BitVector bit -> bit.setSafe(row, ((Boolean) value) ? 1 : 0);
            default -> throw new IllegalStateException("unsupported system table column " + vector.getField());
        }
    }

    private void removeOldSnapshots() {
        Instant oldest = Instant.now().minus(SNAPSHOT_LIFETIME);
        try (Stream<Path> files = Files.list(snapshotDirectory)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(oldest)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // Old snapshots only cost disk space; a failure to remove them must not fail the query.
        }
    }

    /** Removes every snapshot. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(snapshotDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the system table snapshots in " + snapshotDirectory, e);
        }
    }
}
