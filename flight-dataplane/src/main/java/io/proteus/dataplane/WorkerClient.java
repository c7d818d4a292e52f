package io.proteus.dataplane;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.TaskCodec;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The coordinator's connection to one worker: runs tasks on it, asks for its status, cancels and releases queries and
 * fetches buffers (typically the final results of a query) with {@code DoGet}. Failed calls throw (or complete the
 * future with) a {@link WorkerException} carrying the worker's description. Thread-safe.
 */
public final class WorkerClient implements AutoCloseable {

    private final String workerAddress;
    private final BufferAllocator allocator;
    private final FlightClient client;
    private final ExecutorService executor;
    /** The connection for background function calls, made at the first one; guarded by {@code this}. */
    private FunctionConnection functionConnection;
    private boolean closed;

    /**
     * Connects to the worker at {@code workerAddress} ({@code host:port}); fetched data arrives in a child of
     * {@code allocator} before it is transferred to the reader's allocator.
     */
    public WorkerClient(String workerAddress, BufferAllocator allocator) {
        this.workerAddress = requireNonNull(workerAddress, "workerAddress");
        this.allocator = requireNonNull(allocator, "allocator");
        this.client = WorkerAddresses.client(allocator, workerAddress);
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("worker-client-" + workerAddress + "-", 0).factory());
    }

    public String address() {
        return workerAddress;
    }

    /**
     * Runs a task on the worker. The call runs in the background; the future completes with the task's result, or
     * exceptionally with a {@link WorkerException} whose message is the task's error message.
     */
    public CompletableFuture<TaskResult> runTask(TaskDescriptor task) {
        byte[] body = TaskCodec.encode(requireNonNull(task, "task"));
        return CompletableFuture.supplyAsync(
                () -> TaskCodec.decode(single(WorkerActions.RUN_TASK, body), TaskResult.class), executor);
    }

    /**
     * Runs a background function on the worker. The future completes with the function's output, or exceptionally with
     * a {@link WorkerException} ({@code CANCELLED} when the call was cancelled by {@link #cancelFunction}).
     */
    public CompletableFuture<byte[]> runFunction(FunctionCall call, byte[] input) {
        requireNonNull(call, "call");
        requireNonNull(input, "input");
        FunctionConnection connection = functionConnection();
        // Encoded, sent and received on threads of the lowest CPU priority, over a connection of its own: copying a
        // function's input and output costs the coordinator's queries no CPU.
        return CompletableFuture.supplyAsync(
                () -> single(connection.client(), WorkerActions.RUN_FUNCTION, FunctionCallCodec.encode(call, input)),
                connection.callers());
    }

    /**
     * The Flight connection of background function calls: its own network I/O thread, gRPC callbacks and calling
     * threads, all at the lowest CPU priority ({@link BackgroundThreads}).
     */
    private record FunctionConnection(FlightClient client, EventLoopGroup eventLoop, ExecutorService callers)
            implements AutoCloseable {

        static FunctionConnection open(BufferAllocator allocator, String address) {
            String prefix = "worker-client-" + address + "-function-";
            EventLoopGroup eventLoop = new NioEventLoopGroup(1, BackgroundThreads.factory(prefix + "io-"));
            ExecutorService callers = Executors.newCachedThreadPool(BackgroundThreads.factory(prefix + "call-"));
            try {
                return new FunctionConnection(WorkerAddresses.client(allocator, address, eventLoop, callers), eventLoop,
                        callers);
            } catch (RuntimeException e) {
                callers.shutdownNow();
                eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                throw e;
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                client.close();
            } finally {
                callers.shutdownNow();
                eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
        }
    }

    private synchronized FunctionConnection functionConnection() {
        if (closed) {
            throw new WorkerException(FlightStatusCode.UNAVAILABLE, "the client of worker " + workerAddress + " is closed",
                    null);
        }
        if (functionConnection == null) {
            functionConnection = FunctionConnection.open(allocator, workerAddress);
        }
        return functionConnection;
    }

    /** Flags the invocation's function calls on the worker as cancelled. */
    public void cancelFunction(String invocationId) {
        call(WorkerActions.CANCEL_FUNCTION, requireNonNull(invocationId, "invocationId").getBytes(UTF_8));
    }

    /** The worker's current load. */
    public WorkerStatus status() {
        return TaskCodec.decode(single(WorkerActions.STATUS, new byte[0]), WorkerStatus.class);
    }

    /** The worker's current load; fails with a {@link WorkerException} if it does not answer within {@code timeout}. */
    public WorkerStatus status(java.time.Duration timeout) {
        List<byte[]> results = call(WorkerActions.STATUS, new byte[0],
                org.apache.arrow.flight.CallOptions.timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        if (results.size() != 1) {
            throw new WorkerException(FlightStatusCode.INTERNAL, "worker at " + workerAddress + " answered "
                    + WorkerActions.STATUS + " with " + results.size() + " results instead of one", null);
        }
        return TaskCodec.decode(results.getFirst(), WorkerStatus.class);
    }

    /** Cancels the query's tasks on the worker and frees its buffers there. */
    public void releaseQuery(String queryId) {
        call(WorkerActions.RELEASE_QUERY, requireNonNull(queryId, "queryId").getBytes(UTF_8));
    }

    /** Flags the query's tasks on the worker as cancelled. */
    public void cancelQuery(String queryId) {
        call(WorkerActions.CANCEL_QUERY, requireNonNull(queryId, "queryId").getBytes(UTF_8));
    }

    /**
     * Streams a buffer kept by the worker: over {@code DoGet}, or in place when the worker runs in this process and
     * shares its buffers ({@link ProcessBufferStores}). Each {@link BatchStream#next} hands one batch to the allocator
     * it is given; a remote call starts at the first {@code next}. The caller closes the stream (closing early cancels
     * it).
     */
    public BatchStream fetch(BufferId bufferId) {
        requireNonNull(bufferId, "bufferId");
        // A worker of this process that shares its buffers (an embedded cluster) is read in place, like its fellow
        // workers read it: no serialization, no copy, no round trip.
        Optional<BufferSnapshot> inProcess = ProcessBufferStores.find(workerAddress)
                .flatMap(store -> store.acquire(bufferId));
        if (inProcess.isPresent()) {
            return new LocalBatchStream(inProcess.get(), bytes -> {
            });
        }
        return new RemoteBatchStream(client, workerAddress, bufferId, bytes -> {
        });
    }

    @Override
    public void close() {
        FunctionConnection functions;
        synchronized (this) {
            closed = true;
            functions = functionConnection;
        }
        executor.shutdown();
        try {
            if (functions != null) {
                functions.close();
            }
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the client of worker " + workerAddress, e);
        } finally {
            executor.shutdownNow();
        }
    }

    private byte[] single(String actionType, byte[] body) {
        return single(client, actionType, body);
    }

    private byte[] single(FlightClient via, String actionType, byte[] body) {
        List<byte[]> results = call(via, actionType, body);
        if (results.size() != 1) {
            throw new WorkerException(FlightStatusCode.INTERNAL, "worker at " + workerAddress + " answered "
                    + actionType + " with " + results.size() + " results instead of one", null);
        }
        return results.getFirst();
    }

    private List<byte[]> call(String actionType, byte[] body, org.apache.arrow.flight.CallOption... options) {
        return call(client, actionType, body, options);
    }

    private List<byte[]> call(FlightClient via, String actionType, byte[] body, org.apache.arrow.flight.CallOption... options) {
        try {
            Iterator<Result> results = via.doAction(new Action(actionType, body), options);
            List<byte[]> bodies = new ArrayList<>(1);
            while (results.hasNext()) {
                bodies.add(results.next().getBody());
            }
            return bodies;
        } catch (FlightRuntimeException e) {
            throw WorkerException.from(null, e);
        }
    }
}
