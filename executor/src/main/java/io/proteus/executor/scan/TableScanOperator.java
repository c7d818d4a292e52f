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
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the table partitions ({@link FileSplit}s, Arrow IPC file format) assigned to a scan, in order, one record batch
 * at a time, keeping only the scan's columns (matched by name, exactly or else ignoring case) and converting them to the
 * declared types when the file stores them differently.
 */
public final class TableScanOperator implements Operator {

    private final OperatorContext context;
    private final TableScanNode node;
    private final Schema schema;
    private final Iterator<InputSplit> splits;
    private FileChannel channel;
    private ArrowFileReader reader;
    private Iterator<ArrowBlock> blocks;
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
            if (reader == null && !openNextFile()) {
                return null;
            }
            try {
                if (!blocks.hasNext()) {
                    closeFile();
                    continue;
                }
                ArrowBlock block = blocks.next();
                if (!reader.loadRecordBatch(block)) {
                    closeFile();
                    continue;
                }
                VectorSchemaRoot source = reader.getVectorSchemaRoot();
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
            if (!(split instanceof FileSplit file)) {
                throw new IllegalArgumentException("table scan of " + node.tableName() + " got a non-file split: "
                        + (split instanceof BufferSplit buffer ? buffer.bufferId() : split));
            }
            currentPath = file.path();
            try {
                Path path = currentPath.startsWith("file:") ? Path.of(URI.create(currentPath)) : Path.of(currentPath);
                channel = FileChannel.open(path, StandardOpenOption.READ);
                reader = new ArrowFileReader(channel, context.allocator());
                Schema fileSchema = reader.getVectorSchemaRoot().getSchema();
                adapter = new ColumnAdapter(schema, Vectors.types(fileSchema), resolveColumns(fileSchema));
                blocks = reader.getRecordBlocks().iterator();
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
        int[] columns = new int[node.columnNames().size()];
        for (int i = 0; i < columns.length; i++) {
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
            DataType.fromField(fields.get(found));
            columns[i] = found;
        }
        return columns;
    }

    private void closeFile() {
        try {
            if (reader != null) {
                reader.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close table file " + currentPath, e);
        } finally {
            reader = null;
            channel = null;
            blocks = null;
        }
    }

    @Override
    public void close() {
        closeFile();
    }
}
