package io.proteus.dataplane.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedArrowFileTest {

    private static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));

    @TempDir
    Path directory;

    private BufferAllocator root;

    @BeforeEach
    void createAllocator() {
        root = new RootAllocator();
    }

    @AfterEach
    void checkNothingLeaked() {
        // Closing a root allocator with outstanding buffers throws: every mapping and batch must have been released.
        root.close();
    }

    @Test
    void readsBatchesInPlaceFromTheMapping() throws Exception {
        Path file = directory.resolve("buffer.arrow");
        try (BufferAllocator writer = root.newChildAllocator("writer", 0, Long.MAX_VALUE)) {
            List<ArrowRecordBatch> batches = new ArrayList<>();
            try {
                batches.add(batch(writer, 0, 1000));
                batches.add(batch(writer, 1000, 0));
                batches.add(batch(writer, 1000, 7));
                assertThat(SharedMemoryArrowFiles.write(file, SCHEMA, batches, writer)).isEqualTo(Files.size(file));
            } finally {
                batches.forEach(ArrowRecordBatch::close);
            }
        }

        try (BufferAllocator reader = root.newChildAllocator("reader", 0, Long.MAX_VALUE);
                MappedArrowFile mapped = MappedArrowFile.open(file, reader)) {
            assertThat(mapped.schema()).isEqualTo(SCHEMA);
            assertThat(mapped.batchCount()).isEqualTo(3);
            assertThat(reader.getAllocatedMemory()).isEqualTo(mapped.mappedBytes()).isEqualTo(Files.size(file));
            List<Long> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int index = 0; index < mapped.batchCount(); index++) {
                try (ArrowRecordBatch batch = mapped.batch(index);
                        VectorSchemaRoot vectors = VectorSchemaRoot.create(SCHEMA, reader)) {
                    new VectorLoader(vectors).load(batch);
                    BigIntVector id = (BigIntVector) vectors.getVector(0);
                    VarCharVector name = (VarCharVector) vectors.getVector(1);
                    if (vectors.getRowCount() > 0) {
                        // No copy: the vector's data lies inside the mapping, which is the only memory reader holds.
                        ArrowBuf data = id.getDataBuffer();
                        assertThat(data.getReferenceManager().getAccountedSize()).isEqualTo(mapped.mappedBytes());
                        assertThat(reader.getAllocatedMemory()).isEqualTo(mapped.mappedBytes());
                    }
                    for (int row = 0; row < vectors.getRowCount(); row++) {
                        ids.add(id.isNull(row) ? null : id.get(row));
                        names.add(name.isNull(row) ? null : new String(name.get(row), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(ids).hasSize(1007);
            assertThat(ids.get(0)).isNull();
            assertThat(ids.get(1)).isEqualTo(1L);
            assertThat(ids.get(1006)).isEqualTo(1006L);
            assertThat(names.get(3)).isNull();
            assertThat(names.get(1005)).isEqualTo("name-1005");
        }
    }

    @Test
    void batchesOutliveTheFileAndTheMappingGoesWithTheLast() throws Exception {
        Path file = directory.resolve("buffer.arrow");
        try (ArrowRecordBatch batch = batch(root, 0, 10)) {
            SharedMemoryArrowFiles.write(file, SCHEMA, List.of(batch), root);
        }
        BufferAllocator reader = root.newChildAllocator("reader", 0, Long.MAX_VALUE);
        MappedArrowFile mapped = MappedArrowFile.open(file, reader);
        ArrowRecordBatch batch = mapped.batch(0);
        mapped.close();
        assertThat(reader.getAllocatedMemory()).isEqualTo(Files.size(file));
        assertThatThrownBy(() -> mapped.batch(0)).isInstanceOf(IllegalStateException.class);
        try (VectorSchemaRoot vectors = VectorSchemaRoot.create(SCHEMA, reader)) {
            new VectorLoader(vectors).load(batch);
            batch.close();
            assertThat(((BigIntVector) vectors.getVector(0)).get(9)).isEqualTo(9L);
        }
        assertThat(reader.getAllocatedMemory()).isZero();
        reader.close();
    }

    @Test
    void refusesFilesThatAreNotCompleteArrowFiles() throws Exception {
        Path empty = Files.write(directory.resolve("empty.arrow"), new byte[0]);
        Path garbage = Files.writeString(directory.resolve("garbage.arrow"), "x".repeat(100));
        Path truncated = directory.resolve("truncated.arrow");
        try (ArrowRecordBatch batch = batch(root, 0, 100)) {
            Path whole = directory.resolve("whole.arrow");
            SharedMemoryArrowFiles.write(whole, SCHEMA, List.of(batch), root);
            byte[] bytes = Files.readAllBytes(whole);
            Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        }
        for (Path file : List.of(empty, garbage, truncated)) {
            assertThatThrownBy(() -> MappedArrowFile.open(file, root))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(file.getFileName().toString())
                    .hasMessageContaining("not a complete Arrow IPC file");
        }
        assertThat(root.getAllocatedMemory()).isZero();
    }

    @Test
    void writingNeverLeavesAPartialFileUnderTheFinalName() throws Exception {
        Path file = directory.resolve("buffer.arrow");
        Files.writeString(file, "taken");
        try (ArrowRecordBatch batch = batch(root, 0, 10)) {
            Path clash = directory.resolve("missing-directory").resolve("buffer.arrow");
            assertThatThrownBy(() -> SharedMemoryArrowFiles.write(clash, SCHEMA, List.of(batch), root))
                    .isInstanceOf(IOException.class);
        }
        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).containsExactly("buffer.arrow");
        }
        assertThat(SharedMemoryArrowFiles.defaultDirectory()).isDirectory();
    }

    /** Rows {@code first} to {@code first + rows - 1}: id = row number, NULL every 4th id from 0; name NULL every 4th from 3. */
    private static ArrowRecordBatch batch(BufferAllocator allocator, int first, int rows) {
        try (VectorSchemaRoot vectors = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) vectors.getVector(0);
            VarCharVector name = (VarCharVector) vectors.getVector(1);
            vectors.allocateNew();
            for (int row = 0; row < rows; row++) {
                int value = first + row;
                if (value % 4 == 0) {
                    id.setNull(row);
                } else {
                    id.set(row, value);
                }
                if (value % 4 == 3) {
                    name.setNull(row);
                } else {
                    name.setSafe(row, ("name-" + value).getBytes(StandardCharsets.UTF_8));
                }
            }
            vectors.setRowCount(rows);
            return new VectorUnloader(vectors).getRecordBatch();
        }
    }
}
