package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.sharedmemory.SharedMemoryArrowFiles;
import io.proteus.executor.task.BufferId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * The producing side of the shared-memory exchange between worker processes of one host: writes a buffer of the
 * worker's {@link BufferStore} into an Arrow IPC file in a shared-memory directory ({@code /dev/shm}), which the
 * consuming worker maps and reads in place ({@link SharedMemoryBatchStream}). Writing the file is the one copy of the
 * data on its way; a Flight {@code DoGet} would serialize it, send it through the loopback network and copy it into
 * the reader's buffers.
 *
 * <p>The consumer deletes a file as soon as it has mapped it (the mapping outlives the name). Files a consumer never
 * took are deleted when their query is released or the worker stops, and files of worker processes that died are
 * deleted when a worker starts on the host. Thread-safe.
 */
final class SharedMemoryExports implements AutoCloseable {

    private static final String PREFIX = "proteus-exchange-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*\\.arrow");

    private final Path directory;
    private final String workerId;
    private final BufferStore store;
    private final BufferAllocator allocator;
    private final AtomicLong sequence = new AtomicLong();
    /** The files written and maybe not taken yet, by query. */
    private final Map<String, List<Path>> exported = new HashMap<>();

    SharedMemoryExports(Path directory, String workerId, BufferStore store, BufferAllocator allocator) {
        this.directory = requireNonNull(directory, "directory");
        this.workerId = requireNonNull(workerId, "workerId");
        this.store = requireNonNull(store, "store");
        this.allocator = requireNonNull(allocator, "allocator");
        deleteFilesOfDeadProcesses(directory);
    }

    /**
     * Writes the buffer into a new file of the shared-memory directory and returns its path.
     *
     * @throws WorkerException NOT_FOUND if the store does not hold the buffer
     */
    Path export(BufferId bufferId) throws IOException {
        requireNonNull(bufferId, "bufferId");
        String name = PREFIX + ProcessHandle.current().pid() + "-" + workerId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                + sequence.incrementAndGet() + ".arrow";
        Path file = directory.resolve(name);
        try (BufferSnapshot snapshot = store.acquire(bufferId).orElseThrow(() -> new WorkerException(
                org.apache.arrow.flight.FlightStatusCode.NOT_FOUND,
                "buffer " + bufferId.toTicketText() + " not found on worker " + workerId, null))) {
            List<ArrowRecordBatch> batches = new ArrayList<>(snapshot.batchCount());
            for (int i = 0; i < snapshot.batchCount(); i++) {
                batches.add(snapshot.batch(i));
            }
            synchronized (exported) {
                exported.computeIfAbsent(bufferId.queryId(), query -> new ArrayList<>()).add(file);
            }
            // The batches stay the snapshot's: the writer copies their bytes into the file and takes no ownership.
            SharedMemoryArrowFiles.write(file, snapshot.schema(), batches, allocator);
        }
        return file;
    }

    /** Deletes the files of a query that no consumer took. */
    void releaseQuery(String queryId) {
        List<Path> files;
        synchronized (exported) {
            files = exported.remove(requireNonNull(queryId, "queryId"));
        }
        if (files != null) {
            files.forEach(SharedMemoryExports::deleteQuietly);
        }
    }

    /** Deletes every file not taken. */
    @Override
    public void close() {
        List<Path> files = new ArrayList<>();
        synchronized (exported) {
            exported.values().forEach(files::addAll);
            exported.clear();
        }
        files.forEach(SharedMemoryExports::deleteQuietly);
    }

    private static void deleteFilesOfDeadProcesses(Path directory) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path file : files) {
                Matcher matcher = NAME.matcher(file.getFileName().toString());
                if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the shared-memory directory " + directory, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Another process may hold the directory's permissions; the next worker start on the host retries.
        }
    }
}
