package io.proteus.server.system;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.FileSplit;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * {@code system.runtime.decisions}, ...). A scan takes a snapshot of the table's rows as an Arrow IPC file that is
 * shipped inside the scan's task ({@link FileSplit#inline}), and the workers read it like any other table, so system
 * tables are queried with the full SQL of Proteus (joins, filters, aggregates) and through the same workers as user
 * data, wherever the workers run.
 */
public final class SystemConnector implements Connector, AutoCloseable {

    private final List<SystemTable> tables;
    private final BufferAllocator allocator;

    public SystemConnector(List<SystemTable> tables, BufferAllocator allocator) {
        this.tables = List.copyOf(requireNonNull(tables, "tables"));
        this.allocator = requireNonNull(allocator, "allocator");
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
        List<List<Object>> rows = table.rows().get();
        return List.of(FileSplit.inline("system." + schemaName + "." + table.name(), rows.size(), write(table, rows)));
    }

    private byte[] write(SystemTable table, List<List<Object>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BufferAllocator snapshotAllocator = allocator.newChildAllocator("system-snapshot-" + table.name(), 0, Long.MAX_VALUE);
                VectorSchemaRoot root = VectorSchemaRoot.create(table.schema(), snapshotAllocator);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(bytes))) {
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
        return bytes.toByteArray();
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

    /** Nothing to release: snapshots live only in the tasks that read them. */
    @Override
    public void close() {
    }
}
