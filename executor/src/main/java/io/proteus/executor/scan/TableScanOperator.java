package io.proteus.executor.scan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.plan.TableScanNode;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.FileSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the table partitions ({@link FileSplit}s, Arrow IPC file format) assigned to a scan, in order, one record batch
 * at a time. Only the scan's columns (matched by name, exactly or else ignoring case) are read from disk
 * ({@link TableFile}); they are converted to the declared types when the file stores them differently.
 */
public final class TableScanOperator implements Operator {

    private final OperatorContext context;
    private final TableScanNode node;
    private final Schema schema;
    private final Iterator<InputSplit> splits;
    private TableFile file;
    private int block;
    private int[] columns;
    private int[] identity;
    private ColumnAdapter adapter;
    private String currentPath;

    public TableScanOperator(OperatorContext context, TableScanNode node) {
        this.context = requireNonNull(context, "context");
        this.node = requireNonNull(node, "node");
        this.schema = Vectors.schema(node.columnTypes(), node.columnNames());
        this.splits = context.task().splits(node.sourceId()).iterator();
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        while (true) {
            context.task().checkCancelled();
            if (file == null && !openNextFile()) {
                return null;
            }
            if (block >= file.blockCount()) {
                closeFile();
                continue;
            }
            try (VectorSchemaRoot source = file.read(block++, columns, context.allocator())) {
                if (source.getRowCount() == 0) {
                    continue;
                }
                VectorSchemaRoot batch = adapter.adapt(source, context.allocator());
                context.task().recordInput(batch.getRowCount(), Vectors.bufferBytes(batch));
                return batch;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read table file " + currentPath + " of " + node.tableName(), e);
            }
        }
    }

    private boolean openNextFile() {
        while (splits.hasNext()) {
            InputSplit split = splits.next();
            if (!(split instanceof FileSplit fileSplit)) {
                throw new IllegalArgumentException("table scan of " + node.tableName() + " got a non-file split: "
                        + (split instanceof BufferSplit buffer ? buffer.bufferId() : split));
            }
            currentPath = fileSplit.path();
            try {
                Path path = currentPath.startsWith("file:") ? Path.of(URI.create(currentPath)) : Path.of(currentPath);
                file = new TableFile(path, context.allocator());
                block = 0;
                Schema fileSchema = file.schema();
                columns = resolveColumns(fileSchema);
                // The batches read hold exactly the selected columns, in scan order.
                identity = new int[columns.length];
                List<DataType> selectedTypes = new java.util.ArrayList<>(columns.length);
                for (int i = 0; i < columns.length; i++) {
                    identity[i] = i;
                    selectedTypes.add(DataType.fromField(fileSchema.getFields().get(columns[i])));
                }
                adapter = new ColumnAdapter(schema, selectedTypes, identity);
                return true;
            } catch (IOException e) {
                closeFile();
                throw new UncheckedIOException("cannot open table file " + currentPath + " of " + node.tableName(), e);
            } catch (RuntimeException e) {
                closeFile();
                throw e;
            }
        }
        return false;
    }

    private int[] resolveColumns(Schema fileSchema) {
        List<Field> fields = fileSchema.getFields();
        int[] resolved = new int[node.columnNames().size()];
        for (int i = 0; i < resolved.length; i++) {
            String name = node.columnNames().get(i);
            int found = -1;
            for (int j = 0; j < fields.size() && found < 0; j++) {
                if (fields.get(j).getName().equals(name)) {
                    found = j;
                }
            }
            for (int j = 0; j < fields.size() && found < 0; j++) {
                if (fields.get(j).getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    found = j;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("table file " + currentPath + " of " + node.tableName()
                        + " has no column " + name + "; it has " + fields.stream().map(Field::getName).toList());
            }
            resolved[i] = found;
        }
        return resolved;
    }

    private void closeFile() {
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close table file " + currentPath, e);
        } finally {
            file = null;
        }
    }

    @Override
    public void close() {
        closeFile();
    }
}
