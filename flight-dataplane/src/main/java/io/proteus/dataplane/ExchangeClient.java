package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.SharedBuilds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A worker's access to the buffers of the exchange: reads buffers of its own {@link BufferStore} in place and fetches
 * other workers' buffers with Flight {@code DoGet}, through one pooled {@link FlightClient} per worker address
 * (created on first use, closed with this client). Tasks use it through a per-task {@link ExchangeReader}. Thread-safe.
 */
public final class ExchangeClient implements AutoCloseable {

    private final String workerId;
    private final BufferStore localStore;
    private final BufferAllocator allocator;
    private final SharedBuilds sharedBuilds;
    private final boolean sharedInProcess;
    /** This worker's host when it reads the buffers of worker processes of its host through shared memory, or null. */
    private final String sharedMemoryHost;
    /** Workers of this host whose buffers cannot be read through shared memory (they are read over Flight). */
    private final Set<String> withoutSharedMemory = ConcurrentHashMap.newKeySet();
    private final Map<String, FlightClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates the exchange of worker {@code workerId}; pooled Flight clients receive data into children of
     * {@code allocator} before it is transferred to the reading task's allocator. Tasks reach the worker's
     * {@code sharedBuilds} through their readers. With {@code sharedInProcess}, buffers of the other workers of this
     * process that share theirs ({@link ProcessBufferStores}) are read in place rather than over Flight. With a
     * {@code sharedMemoryHost}, buffers of workers at that host (other processes) are read through shared memory
     * ({@link SharedMemoryBatchStream}).
     */
    public ExchangeClient(String workerId, BufferStore localStore, BufferAllocator allocator, SharedBuilds sharedBuilds,
            boolean sharedInProcess, String sharedMemoryHost) {
        this.workerId = requireNonNull(workerId, "workerId");
        this.localStore = requireNonNull(localStore, "localStore");
        this.allocator = requireNonNull(allocator, "allocator");
        this.sharedBuilds = requireNonNull(sharedBuilds, "sharedBuilds");
        this.sharedInProcess = sharedInProcess;
        this.sharedMemoryHost = sharedMemoryHost;
    }

    /** The worker's registry of builds its tasks share (a broadcast join's hash table is built once per worker). */
    SharedBuilds sharedBuilds() {
        return sharedBuilds;
    }

    /** A new reader for one task, with its own byte counters. */
    public ExchangeReader newReader() {
        return new ExchangeReader(this);
    }

    /** Whether the split's buffer is kept by this worker. */
    public boolean isLocal(BufferSplit split) {
        return workerId.equals(split.workerId());
    }

    /** The number of pooled Flight clients (one per remote worker address used so far). */
    public int pooledClientCount() {
        return clients.size();
    }

    BatchStream openLocal(BufferSplit split, LongConsumer bytesShared) {
        BufferSnapshot snapshot = localStore.acquire(split.bufferId())
                .orElseThrow(() -> new WorkerException(FlightStatusCode.NOT_FOUND,
                        "buffer " + split.bufferId().toTicketText() + " not found on worker " + workerId, null));
        return new LocalBatchStream(snapshot, bytesShared);
    }

    /**
     * Opens a buffer of another worker of this process in place (no copy, no serialization), or empty when that worker
     * is in another process, has stopped, or does not hold the buffer (the caller then asks it over Flight).
     */
    Optional<BatchStream> openInProcess(BufferSplit split, LongConsumer bytesShared) {
        if (!sharedInProcess) {
            return Optional.empty();
        }
        return ProcessBufferStores.find(split.workerAddress())
                .filter(store -> store != localStore)
                .flatMap(store -> store.acquire(split.bufferId()))
                .map(snapshot -> new LocalBatchStream(snapshot, bytesShared));
    }

    /**
     * Opens a buffer of another worker process: through shared memory when it runs on this host (falling back to
     * Flight where that does not work), otherwise with Flight {@code DoGet}.
     */
    BatchStream openRemote(BufferSplit split, LongConsumer bytesFetched, LongConsumer bytesShared) {
        String address = split.workerAddress();
        Supplier<BatchStream> flight = () -> new RemoteBatchStream(clientFor(address), address, split.bufferId(),
                bytesFetched);
        if (sharedMemoryHost != null && !withoutSharedMemory.contains(address)
                && sharedMemoryHost.equals(WorkerAddresses.host(address))) {
            return new SharedMemoryBatchStream(clientFor(address), address, split.bufferId(), bytesShared, flight,
                    () -> withoutSharedMemory.add(address));
        }
        return flight.get();
    }

    private FlightClient clientFor(String address) {
        if (closed) {
            throw new IllegalStateException("the exchange client of worker " + workerId + " is closed");
        }
        FlightClient client = clients.computeIfAbsent(address,
                key -> WorkerAddresses.client(allocator, key));
        if (closed) {
            // Raced with close(): make sure the client does not outlive us.
            close();
            throw new IllegalStateException("the exchange client of worker " + workerId + " is closed");
        }
        return client;
    }

    /** Closes the pooled Flight clients (their in-flight streams fail). */
    @Override
    public void close() {
        closed = true;
        List<Exception> failures = new ArrayList<>();
        for (String address : List.copyOf(clients.keySet())) {
            FlightClient client = clients.remove(address);
            if (client == null) {
                continue;
            }
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(e);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException(
                    "cannot close the exchange clients of worker " + workerId, failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
