package io.proteus.dataplane.sharedmemory;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes record batches as Arrow IPC files into shared memory ({@code /dev/shm} on Linux, a tmpfs), for
 * {@link MappedArrowFile} to map in another process on the same host.
 */
public final class SharedMemoryArrowFiles {

    private static final Path DEV_SHM = Path.of("/dev/shm");

    private SharedMemoryArrowFiles() {
    }

    /** {@code /dev/shm} where the host has it, else the temporary directory (a disk file, still mapped by readers). */
    public static Path defaultDirectory() {
        return Files.isDirectory(DEV_SHM) && Files.isWritable(DEV_SHM) ? DEV_SHM : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Writes {@code batches} as the Arrow IPC file {@code file}, which must not exist. The file is written under a
     * temporary name and renamed when complete, so a reader never maps half a file. The batches stay owned by the
     * caller; {@code allocator} only holds the writer's empty vectors.
     *
     * @return the size of the file in bytes
     */
    public static long write(Path file, Schema schema, List<ArrowRecordBatch> batches, BufferAllocator allocator)
            throws IOException {
        requireNonNull(file, "file");
        requireNonNull(schema, "schema");
        requireNonNull(batches, "batches");
        requireNonNull(allocator, "allocator");
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                    FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
                VectorLoader loader = new VectorLoader(root);
                writer.start();
                for (ArrowRecordBatch batch : batches) {
                    // The root's vectors take their own references on the batch's buffers (no copy); the writer
                    // copies the bytes into the file, and closing the root drops those references.
                    loader.load(batch);
                    writer.writeBatch();
                }
                writer.end();
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }
}
