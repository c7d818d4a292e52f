package io.proteus.executor.testing;

import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes table partitions as Arrow IPC files (as the data generator does), for tests. */
public final class TableFiles {

    private TableFiles() {
    }

    /** Writes {@code rows} to {@code path} with the given column names and types, {@code batchSize} rows per batch. */
    public static void write(BufferAllocator allocator, Path path, List<String> names, List<DataType> types,
            List<List<Object>> rows, int batchSize) throws IOException {
        Schema schema = Vectors.schema(types, names);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            for (int start = 0; start < rows.size(); start += batchSize) {
                List<List<Object>> chunk = rows.subList(start, Math.min(rows.size(), start + batchSize));
                try (VectorSchemaRoot batch = TestData.batch(allocator, types, chunk);
                        ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
                    new VectorLoader(root).load(record);
                }
                writer.writeBatch();
            }
            writer.end();
        }
    }
}
