package io.proteus.dataplane;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.sharedmemory.MappedArrowFile;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Reads a buffer of another worker process of this host through shared memory: asks the worker to write the buffer
 * into a file of its shared-memory directory ({@link WorkerActions#EXPORT_SHARED_MEMORY}), maps the file, deletes its
 * name and reads the batches in place. Where that cannot work (the producer has no shared-memory directory, or its
 * {@code /dev/shm} is not this process's, as between containers), it reads the buffer over Flight instead and calls
 * {@code onUnavailable} so that later reads of that worker go to Flight directly.
 */
final class SharedMemoryBatchStream implements BatchStream {

    private final FlightClient client;
    private final String workerAddress;
    private final BufferId bufferId;
    private final LongConsumer bytesShared;
    private final Supplier<BatchStream> flight;
    private final Runnable onUnavailable;
    private Path exported;
    private MappedArrowFile file;
    private BatchStream fallback;
    private int nextBatch;
    private boolean closed;

    SharedMemoryBatchStream(FlightClient client, String workerAddress, BufferId bufferId, LongConsumer bytesShared,
            Supplier<BatchStream> flight, Runnable onUnavailable) {
        this.client = requireNonNull(client, "client");
        this.workerAddress = requireNonNull(workerAddress, "workerAddress");
        this.bufferId = requireNonNull(bufferId, "bufferId");
        this.bytesShared = requireNonNull(bytesShared, "bytesShared");
        this.flight = requireNonNull(flight, "flight");
        this.onUnavailable = requireNonNull(onUnavailable, "onUnavailable");
    }

    /** Asks the producer to write the file, so that its round trip overlaps the reading of other streams. */
    @Override
    public void start() {
        if (exported == null && fallback == null && !closed) {
            export();
        }
    }

    @Override
    public VectorSchemaRoot next(BufferAllocator allocator) {
        requireNonNull(allocator, "allocator");
        if (closed) {
            throw new IllegalStateException("stream over buffer " + bufferId.toTicketText() + " is closed");
        }
        start();
        if (fallback != null) {
            return fallback.next(allocator);
        }
        if (file == null) {
            try {
                // The mapping is a foreign allocation of the reading task's allocator: it counts against its budget.
                file = MappedArrowFile.open(exported, allocator);
            } catch (IOException e) {
                // Not this host's shared memory after all (another container): read it over Flight.
                deleteQuietly(exported);
                useFlight();
                return fallback.next(allocator);
            }
            // Mapped: the name is no longer needed, and no file is left behind if this process dies.
            deleteQuietly(exported);
        }
        if (nextBatch >= file.batchCount()) {
            return null;
        }
        VectorSchemaRoot root;
        try (ArrowRecordBatch batch = file.batch(nextBatch)) {
            // The batch's buffers are slices of the mapping: the root takes its own references on them (no copy) and
            // closing the batch drops the batch's. The mapping is released when the last root over it is closed.
            root = LocalBatchStream.load(file.schema(), batch, allocator);
            bytesShared.accept(batch.computeBodyLength());
        } catch (IOException e) {
            throw new WorkerException(FlightStatusCode.INTERNAL, "cannot read buffer " + bufferId.toTicketText()
                    + " of worker " + workerAddress + " from shared memory: " + e.getMessage(), e);
        }
        nextBatch++;
        return root;
    }

    @Override
    public boolean sharedWithoutCopy() {
        return fallback == null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (file != null) {
            file.close();
        } else if (exported != null) {
            deleteQuietly(exported);
        }
        if (fallback != null) {
            fallback.close();
        }
    }

    private void export() {
        try {
            Iterator<Result> results = client.doAction(new Action(WorkerActions.EXPORT_SHARED_MEMORY,
                    bufferId.toTicketText().getBytes(UTF_8)));
            if (!results.hasNext()) {
                throw new WorkerException(FlightStatusCode.INTERNAL, "worker at " + workerAddress
                        + " exported buffer " + bufferId.toTicketText() + " without naming the file", null);
            }
            exported = Path.of(new String(results.next().getBody(), UTF_8));
            while (results.hasNext()) {
                results.next();
            }
        } catch (FlightRuntimeException e) {
            if (e.status().code() != FlightStatusCode.UNIMPLEMENTED) {
                throw WorkerException.from(
                        "cannot fetch buffer " + bufferId.toTicketText() + " from worker at " + workerAddress, e);
            }
            useFlight();
        }
    }

    private void useFlight() {
        onUnavailable.run();
        fallback = flight.get();
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // The producer deletes what is left when the query is released.
        }
    }
}
