package io.proteus.dataplane;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.proteus.executor.DataException;
import io.proteus.executor.MemoryLimitExceededException;
import io.proteus.executor.TaskCancelledException;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.SharedBuilds;
import io.proteus.executor.task.TaskCodec;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The Arrow Flight server of a worker process. It runs tasks, and background function calls, on a fixed number of
 * function slots (a pool of that many task threads; further tasks wait in a queue, which stays empty when the
 * coordinator's global controller grants the slots; background calls run on threads of the lowest CPU priority, see
 * {@link BackgroundThreads}, in slots the controller granted them), keeps task output in a {@link BufferStore} and serves it to other
 * workers and the coordinator with {@code DoGet}. Its actions are listed in {@link WorkerActions}.
 *
 * <p>Errors of a task are reported to the caller as Flight errors whose description is the exception's message:
 * {@code RESOURCE_EXHAUSTED} when a memory limit was exceeded ({@code MemoryLimitExceededException} or Arrow's
 * {@code OutOfMemoryException} anywhere in the cause chain), {@code CANCELLED} when the task was cancelled,
 * {@code INVALID_ARGUMENT} for an error in the data ({@code DataException}, its message is the user-facing SQL error),
 * a malformed request or an {@link IllegalArgumentException}, {@code UNAVAILABLE} while shutting down,
 * {@code INTERNAL} otherwise. The server stays up after any task failure.
 *
 * <p>The server does not own {@code workerAllocator}; {@link Worker} bundles both.
 */
public final class WorkerServer implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(WorkerServer.class.getName());
    /** How long {@link #close()} waits for running tasks before cancelling them. */
    private static final Duration TASK_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close()} waits for cancelled tasks, and then for interrupted ones. */
    private static final Duration TASK_CANCEL_TIMEOUT = Duration.ofSeconds(5);
    /** How long a {@code DoGet} waits for a slow reader to accept the next batch before giving up. */
    private static final long STREAM_READY_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(5);

    private final WorkerConfig config;
    private final BufferAllocator allocator;
    private final TaskFunction function;
    private final FunctionRunner functions;
    private final BufferStore store;
    /** Hash tables built once per worker from broadcast inputs and shared by its tasks; released with their query. */
    private final SharedBuilds sharedBuilds;
    private final ExchangeClient exchange;
    private final ThreadPoolExecutor slots;
    private final ExecutorService functionSlots;
    private final ExecutorService streams;
    private final ExecutorService flightExecutor;
    private final FlightServer flightServer;
    private final String address;
    private final Map<Long, RunningTask> tasks = new ConcurrentHashMap<>();
    private final Map<Long, RunningFunction> functionCalls = new ConcurrentHashMap<>();
    private final AtomicLong taskSequence = new AtomicLong();
    private final AtomicInteger busySlots = new AtomicInteger();
    private final AtomicInteger queuedTasks = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;

    private final boolean sharedInProcess;
    /** Writes buffers for worker processes of this host into shared memory; null without a shared-memory directory. */
    private final SharedMemoryExports sharedMemoryExports;

    private WorkerServer(WorkerConfig config, BufferAllocator allocator, TaskFunction function, FunctionRunner functions,
            boolean sharedInProcess) {
        this.config = config;
        this.allocator = allocator;
        this.function = function;
        this.functions = functions;
        String prefix = "worker-" + config.workerId();
        this.store = new BufferStore(config.workerId(), allocator);
        this.sharedBuilds = new SharedBuilds(config.workerId(), allocator);
        this.sharedMemoryExports = config.sharedMemoryDirectory() == null ? null
                : new SharedMemoryExports(config.sharedMemoryDirectory(), config.workerId(), store, allocator);
        // Buffers of workers at this worker's own (bind) host are read through shared memory; a worker bound to every
        // address does not know which host the others name it by, and uses Flight.
        boolean wildcard = config.host().equals("0.0.0.0") || config.host().equals("::");
        this.exchange = new ExchangeClient(config.workerId(), store, allocator, sharedBuilds, sharedInProcess,
                config.sharedMemoryDirectory() == null || wildcard ? null : config.host());
        this.slots = new ThreadPoolExecutor(config.slots(), config.slots(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(prefix + "-slot-"));
        // Background function calls run on their own threads at the lowest CPU priority; the global controller grants
        // them only slots no query task holds, so tasks and calls together never exceed the worker's slots.
        this.functionSlots = new ThreadPoolExecutor(config.slots(), config.slots(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), BackgroundThreads.factory(prefix + "-background-slot-"));
        this.streams = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix + "-stream-", 0).factory());
        this.flightExecutor = Executors.newCachedThreadPool(daemonThreads(prefix + "-flight-"));
        FlightServer server = WorkerAddresses.acceptKeepalive(FlightServer
                .builder(allocator, Location.forGrpcInsecure(config.host(), config.port()), new Producer())
                .executor(flightExecutor))
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            shutdownQuietly(server);
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot start worker " + config.workerId() + " on "
                            + WorkerAddresses.format(config.host(), config.port()), io)
                    : (RuntimeException) e;
        }
        this.flightServer = server;
        this.address = WorkerAddresses.format(config.host(), server.getPort());
        this.sharedInProcess = sharedInProcess;
        if (sharedInProcess) {
            ProcessBufferStores.register(address, store);
        }
    }

    /**
     * Starts a worker's Flight server on {@code config.host():config.port()} (port 0 picks a free port; see
     * {@link #port()}) running tasks with {@code function}. {@code workerAllocator} is the worker's allocator: tasks,
     * buffers and Flight traffic allocate from it or its children; the caller closes it after this server.
     */
    public static WorkerServer start(WorkerConfig config, BufferAllocator workerAllocator, TaskFunction function) {
        return start(config, workerAllocator, function, FunctionRunner.NONE, false);
    }

    /**
     * Starts a worker as {@link #start(WorkerConfig, BufferAllocator, TaskFunction)} that also runs background
     * functions; with {@code sharedInProcess} the worker's buffers are read in place (no copy, no serialization) by the
     * other workers of this process that share them too ({@link ProcessBufferStores}), which requires that they all
     * allocate from one root allocator.
     */
    public static WorkerServer start(WorkerConfig config, BufferAllocator workerAllocator, TaskFunction function,
            FunctionRunner functions, boolean sharedInProcess) {
        return new WorkerServer(requireNonNull(config, "config"), requireNonNull(workerAllocator, "workerAllocator"),
                requireNonNull(function, "function"), requireNonNull(functions, "functions"), sharedInProcess);
    }

    public String workerId() {
        return config.workerId();
    }

    /** The port the server is bound to. */
    public int port() {
        return flightServer.getPort();
    }

    /** The {@code host:port} other workers and the coordinator reach this worker at. */
    public String address() {
        return address;
    }

    public BufferStore bufferStore() {
        return store;
    }

    public ExchangeClient exchangeClient() {
        return exchange;
    }

    /** The worker's current load, as the {@code proteus.status} action reports it. */
    public WorkerStatus status() {
        List<String> running = java.util.stream.Stream.concat(
                tasks.values().stream().filter(task -> task.started).map(RunningTask::id),
                functionCalls.values().stream().filter(call -> call.started).map(call -> "function:" + call.call.id()))
                .sorted()
                .toList();
        return new WorkerStatus(config.workerId(), address, config.slots(), busySlots.get(), queuedTasks.get(),
                allocator.getAllocatedMemory(), allocator.getLimit(), store.bytesHeld(), running);
    }

    /** Flags the running and queued tasks of a query as cancelled; returns how many were flagged. */
    public int cancelQuery(String queryId) {
        requireNonNull(queryId, "queryId");
        int count = 0;
        for (RunningTask task : tasks.values()) {
            if (task.task.queryId().equals(queryId)) {
                task.cancelled.set(true);
                count++;
            }
        }
        return count;
    }

    /** Flags the running and queued function calls of an invocation as cancelled; returns how many were flagged. */
    public int cancelFunction(String invocationId) {
        requireNonNull(invocationId, "invocationId");
        int count = 0;
        for (RunningFunction call : functionCalls.values()) {
            if (call.call.invocationId().equals(invocationId)) {
                call.cancelled.set(true);
                count++;
            }
        }
        return count;
    }

    /**
     * Cancels a query's tasks and frees its buffers (their memory goes as soon as running tasks and readers of the
     * query let go of it). Returns whether the store held output of the query.
     */
    public boolean releaseQuery(String queryId) {
        cancelQuery(queryId);
        sharedBuilds.releaseQuery(queryId);
        if (sharedMemoryExports != null) {
            sharedMemoryExports.releaseQuery(queryId);
        }
        return store.releaseQuery(queryId);
    }

    /**
     * Stops the server: refuses new calls, lets running tasks finish (for a bounded time, then cancels and finally
     * interrupts them), answers queued tasks with {@code UNAVAILABLE}, waits for open calls, closes the exchange's
     * Flight clients and releases the buffer store. Throws {@link IllegalStateException} if something could not be
     * released (for example leaked buffer memory).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        if (sharedInProcess) {
            ProcessBufferStores.unregister(address, store);
        }
        List<Throwable> failures = new ArrayList<>();
        flightServer.shutdown();
        // Background function calls are not waited for: they are cancelled (their invocations run them again elsewhere).
        functionCalls.values().forEach(call -> call.cancelled.set(true));
        functionSlots.shutdown();
        slots.shutdown();
        try {
            if (!slots.awaitTermination(TASK_DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                tasks.values().forEach(task -> task.cancelled.set(true));
                functionCalls.values().forEach(call -> call.cancelled.set(true));
                if (!slots.awaitTermination(TASK_CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    slots.shutdownNow();
                    if (!slots.awaitTermination(TASK_CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        failures.add(new IllegalStateException("tasks of worker " + config.workerId()
                                + " did not stop: " + status().runningTaskIds()));
                    }
                }
            }
            flightServer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slots.shutdownNow();
            failures.add(e);
        }
        if (sharedMemoryExports != null) {
            sharedMemoryExports.close();
        }
        try {
            if (!functionSlots.awaitTermination(TASK_CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                functionSlots.shutdownNow();
                failures.add(new IllegalStateException("background functions of worker " + config.workerId()
                        + " did not stop"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
        streams.shutdown();
        flightExecutor.shutdown();
        try {
            streams.awaitTermination(TASK_CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            flightExecutor.awaitTermination(TASK_CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
        closeCollecting(exchange, failures);
        closeCollecting(sharedBuilds, failures);
        closeCollecting(store, failures);
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException(
                    "worker " + config.workerId() + " did not shut down cleanly: " + failures.getFirst().getMessage(),
                    failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    // ---- task execution ----

    private void submit(TaskDescriptor task, CallerState context, TaskReplyListener listener) {
        if (closing) {
            listener.fail(unavailable());
            return;
        }
        RunningTask running = new RunningTask(taskSequence.incrementAndGet(), task, context);
        tasks.put(running.sequence, running);
        queuedTasks.incrementAndGet();
        try {
            slots.execute(() -> execute(running, listener));
        } catch (RejectedExecutionException e) {
            queuedTasks.decrementAndGet();
            tasks.remove(running.sequence);
            listener.fail(unavailable());
        }
    }

    private void execute(RunningTask running, TaskReplyListener listener) {
        queuedTasks.decrementAndGet();
        if (closing || running.isCancelled()) {
            tasks.remove(running.sequence);
            listener.fail(closing ? unavailable()
                    : CallStatus.CANCELLED.withDescription("task " + running.id() + " was cancelled before it started")
                            .toRuntimeException());
            return;
        }
        running.started = true;
        busySlots.incrementAndGet();
        byte[] reply = null;
        Throwable failure = null;
        try {
            reply = TaskCodec.encode(runTask(running));
        } catch (Throwable e) {
            failure = e;
        } finally {
            busySlots.decrementAndGet();
            tasks.remove(running.sequence);
        }
        if (failure == null) {
            listener.reply(reply);
        } else {
            listener.fail(toFlightError(failure, running));
        }
    }

    private void submitFunction(FunctionCall call, byte[] body, CallerState context, TaskReplyListener listener) {
        if (closing) {
            listener.fail(unavailable());
            return;
        }
        RunningFunction running = new RunningFunction(taskSequence.incrementAndGet(), call, context);
        functionCalls.put(running.sequence, running);
        queuedTasks.incrementAndGet();
        try {
            functionSlots.execute(() -> executeFunction(running, body, listener));
        } catch (RejectedExecutionException e) {
            queuedTasks.decrementAndGet();
            functionCalls.remove(running.sequence);
            listener.fail(unavailable());
        }
    }

    private void executeFunction(RunningFunction running, byte[] body, TaskReplyListener listener) {
        queuedTasks.decrementAndGet();
        if (closing || running.isCancelled()) {
            functionCalls.remove(running.sequence);
            listener.fail(closing ? unavailable()
                    : CallStatus.CANCELLED.withDescription("function call " + running.call.id()
                            + " was cancelled before it started").toRuntimeException());
            return;
        }
        running.started = true;
        busySlots.incrementAndGet();
        byte[] output = null;
        Throwable failure = null;
        try {
            output = functions.run(running.call, FunctionCallCodec.input(body), config.workerId(), allocator,
                    running::isCancelled);
            if (output == null) {
                throw new IllegalStateException("function " + running.call.function() + " returned no output");
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            busySlots.decrementAndGet();
            functionCalls.remove(running.sequence);
        }
        if (failure == null) {
            listener.reply(output);
            return;
        }
        Throwable cause = unwrap(failure);
        CallStatus status;
        if (running.isCancelled() || findInChain(failure, CancellationException.class::isInstance) != null) {
            status = CallStatus.CANCELLED;
        } else if (cause instanceof IllegalArgumentException) {
            status = CallStatus.INVALID_ARGUMENT;
        } else if (isMemoryLimitExceeded(cause)) {
            status = CallStatus.RESOURCE_EXHAUSTED;
        } else {
            status = CallStatus.INTERNAL;
        }
        LOGGER.log(status == CallStatus.INTERNAL ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "function call " + running.call.id() + " failed on worker " + config.workerId(), failure);
        listener.fail(status.withDescription(messageOf(cause)).withCause(cause).toRuntimeException());
    }

    private TaskResult runTask(RunningTask running) throws Exception {
        TaskDescriptor task = running.task;
        TaskOutputSink sink = store.sinkFor(task);
        try (ExchangeReader reader = exchange.newReader()) {
            TaskResult result;
            try {
                result = function.run(task, config.workerId(), allocator, reader, sink, running::isCancelled);
                if (result == null) {
                    throw new IllegalStateException("the task function returned no result for task " + running.id());
                }
            } catch (Throwable e) {
                sink.discard();
                throw e;
            }
            return withExchangeCounters(result, reader);
        } finally {
            sink.close();
        }
    }

    /**
     * Fills in the exchange byte counters of the task's reader, which only the data plane knows, unless the task
     * function reported its own.
     */
    private static TaskResult withExchangeCounters(TaskResult result, ExchangeReader reader) {
        if (result.bytesFetchedRemotely() != 0 || result.bytesSharedLocally() != 0
                || (reader.remoteBytes() == 0 && reader.localBytes() == 0)) {
            return result;
        }
        return new TaskResult(result.queryId(), result.stageId(), result.taskIndex(), result.workerId(),
                result.partitions(), result.inputRows(), result.inputBytes(), reader.remoteBytes(),
                reader.localBytes(), result.wallNanos(), result.peakMemoryBytes());
    }

    private FlightRuntimeException toFlightError(Throwable failure, RunningTask running) {
        Throwable cause = unwrap(failure);
        CallStatus status;
        String message;
        Throwable memory = findInChain(cause, WorkerServer::isMemoryLimitExceeded);
        Throwable data = findInChain(cause, DataException.class::isInstance);
        Throwable cancellation = findInChain(cause,
                t -> t instanceof TaskCancelledException || t instanceof CancellationException);
        if (memory != null) {
            status = CallStatus.RESOURCE_EXHAUSTED;
            message = messageOf(memory);
        } else if (cancellation != null || running.isCancelled()) {
            status = CallStatus.CANCELLED;
            message = messageOf(cancellation != null ? cancellation : cause);
        } else if (data != null) {
            status = CallStatus.INVALID_ARGUMENT;
            message = messageOf(data);
        } else if (cause instanceof IllegalArgumentException) {
            status = CallStatus.INVALID_ARGUMENT;
            message = messageOf(cause);
        } else {
            status = CallStatus.INTERNAL;
            message = messageOf(cause);
        }
        LOGGER.log(status == CallStatus.INTERNAL ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "task " + running.id() + " failed on worker " + config.workerId() + ": " + message, failure);
        return status.withDescription(message).withCause(cause).toRuntimeException();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current
                && (current instanceof CompletionException || current instanceof ExecutionException
                        || current instanceof InvocationTargetException
                        || current instanceof UndeclaredThrowableException
                        || current.getMessage() == null
                        || current.getMessage().equals(current.getCause().toString()))) {
            current = current.getCause();
        }
        return current;
    }

    /** The first throwable of the cause chain (outermost first) that matches, or null. */
    private static Throwable findInChain(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            if (test.test(current)) {
                return current;
            }
        }
        return null;
    }

    private static boolean isMemoryLimitExceeded(Throwable failure) {
        return failure instanceof MemoryLimitExceededException || failure instanceof OutOfMemoryException
                || (failure.getMessage() != null
                        && failure.getMessage().toLowerCase(Locale.ROOT).startsWith("memory limit exceeded"));
    }

    private static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private FlightRuntimeException unavailable() {
        return CallStatus.UNAVAILABLE.withDescription("worker " + config.workerId() + " is shutting down")
                .toRuntimeException();
    }

    // ---- DoGet ----

    private void stream(BufferSnapshot snapshot, Ticket ticket,
            FlightProducer.ServerStreamListener listener,
            BackpressureStrategy backpressure) {
        boolean finished = false;
        try (BufferSnapshot buffer = snapshot;
                VectorSchemaRoot root = VectorSchemaRoot.create(buffer.schema(), buffer.allocator())) {
            // putNext() serializes each batch into gRPC's own buffers before it returns, so the store's buffers are
            // never referenced by Netty after the stream ends and the query allocator can close right away. (With
            // zero-copy writes Netty would hold them until the bytes are on the wire.)
            listener.setUseZeroCopy(false);
            listener.start(root);
            VectorLoader loader = new VectorLoader(root);
            for (int index = 0; index < buffer.batchCount(); index++) {
                BackpressureStrategy.WaitResult ready = backpressure.waitForListener(STREAM_READY_TIMEOUT_MILLIS);
                switch (ready) {
                    case READY -> {
                    }
                    case CANCELLED -> {
                        finished = true;
                        return;
                    }
                    case TIMEOUT -> {
                        finished = true;
                        listener.error(CallStatus.TIMED_OUT.withDescription("reader of buffer "
                                + buffer.bufferId().toTicketText() + " did not accept data for "
                                + STREAM_READY_TIMEOUT_MILLIS + " ms").toRuntimeException());
                        return;
                    }
                    case OTHER -> {
                        finished = true;
                        listener.error(unavailable());
                        return;
                    }
                }
                // No copy: the root's vectors take new references to the stored buffers (same allocator), and
                // putNext() hands them to gRPC. Loading the next batch drops the references to this one.
                loader.load(buffer.batch(index));
                listener.putNext();
            }
            finished = true;
            listener.completed();
        } catch (RuntimeException e) {
            if (finished || listener.isCancelled()) {
                LOGGER.log(System.Logger.Level.DEBUG, "stream of a buffer ended abnormally", e);
                return;
            }
            try {
                listener.error(CallStatus.INTERNAL.withDescription("cannot stream buffer "
                        + new String(ticket.getBytes(), UTF_8) + ": " + messageOf(unwrap(e))).withCause(e)
                        .toRuntimeException());
            } catch (RuntimeException replyFailure) {
                LOGGER.log(System.Logger.Level.DEBUG, "cannot report a stream failure; the reader went away",
                        replyFailure);
            }
        }
    }

    // ---- plumbing ----

    private static ThreadFactory daemonThreads(String prefix) {
        return Thread.ofPlatform().name(prefix, 0).daemon(true).factory();
    }

    private static void shutdownQuietly(FlightServer server) {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "cannot close a Flight server that failed to start", e);
        }
    }

    private static void closeCollecting(AutoCloseable closeable, List<Throwable> failures) {
        try {
            closeable.close();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    /** Whether the caller of a task went away. */
    @FunctionalInterface
    private interface CallerState {
        boolean isCancelled();
    }

    /** Where the outcome of a task goes: the Flight action's result stream. */
    private interface TaskReplyListener {
        void reply(byte[] body);

        void fail(FlightRuntimeException error);
    }

    /** A task accepted by this worker, queued or running. */
    private final class RunningTask {
        final long sequence;
        final TaskDescriptor task;
        final CallerState context;
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile boolean started;

        RunningTask(long sequence, TaskDescriptor task, CallerState context) {
            this.sequence = sequence;
            this.task = task;
            this.context = context;
        }

        boolean isCancelled() {
            return cancelled.get() || context.isCancelled();
        }

        String id() {
            return task.queryId() + "/s" + task.stageId() + "/t" + task.taskIndex() + "/a" + task.attempt();
        }
    }

    /** A background function call accepted by this worker, queued or running. */
    private static final class RunningFunction {
        final long sequence;
        final FunctionCall call;
        final CallerState context;
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile boolean started;

        RunningFunction(long sequence, FunctionCall call, CallerState context) {
            this.sequence = sequence;
            this.call = call;
            this.context = context;
        }

        boolean isCancelled() {
            return cancelled.get() || context.isCancelled();
        }
    }

    /** Serves the worker's actions and buffers. */
    private final class Producer extends NoOpFlightProducer {

        @Override
        public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
            String type = action.getType();
            try {
                switch (type) {
                    case WorkerActions.RUN_TASK -> {
                        TaskDescriptor task;
                        try {
                            task = TaskCodec.decode(action.getBody(), TaskDescriptor.class);
                        } catch (RuntimeException e) {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            throw CallStatus.INVALID_ARGUMENT.withDescription("invalid task descriptor: "
                                    + messageOf(cause)).toRuntimeException();
                        }
                        submit(task, context::isCancelled, new ResultListener(listener));
                    }
                    case WorkerActions.RUN_FUNCTION -> {
                        byte[] body = action.getBody();
                        FunctionCall call;
                        try {
                            call = FunctionCallCodec.call(body);
                        } catch (RuntimeException e) {
                            throw CallStatus.INVALID_ARGUMENT.withDescription("invalid function call: "
                                    + messageOf(unwrap(e))).toRuntimeException();
                        }
                        // The input is copied out of the body on the call's own (low-priority) thread, not this one.
                        submitFunction(call, body, context::isCancelled, new ResultListener(listener));
                    }
                    case WorkerActions.CANCEL_FUNCTION -> {
                        cancelFunction(queryIdOf(action));
                        listener.onCompleted();
                    }
                    case WorkerActions.RELEASE_QUERY -> {
                        releaseQuery(queryIdOf(action));
                        listener.onCompleted();
                    }
                    case WorkerActions.CANCEL_QUERY -> {
                        cancelQuery(queryIdOf(action));
                        listener.onCompleted();
                    }
                    case WorkerActions.EXPORT_SHARED_MEMORY -> {
                        if (sharedMemoryExports == null) {
                            throw CallStatus.UNIMPLEMENTED.withDescription("worker " + config.workerId()
                                    + " has no shared-memory directory").toRuntimeException();
                        }
                        BufferId bufferId = BufferId.fromTicketText(new String(action.getBody(), UTF_8));
                        Path file;
                        try {
                            file = sharedMemoryExports.export(bufferId);
                        } catch (IOException e) {
                            throw CallStatus.INTERNAL.withDescription("cannot write buffer " + bufferId.toTicketText()
                                    + " into shared memory: " + e.getMessage()).toRuntimeException();
                        }
                        listener.onNext(new Result(file.toString().getBytes(UTF_8)));
                        listener.onCompleted();
                    }
                    case WorkerActions.STATUS -> {
                        listener.onNext(new Result(TaskCodec.encode(status())));
                        listener.onCompleted();
                    }
                    default -> throw CallStatus.UNIMPLEMENTED.withDescription("unknown action " + type)
                            .toRuntimeException();
                }
            } catch (FlightRuntimeException e) {
                listener.onError(e);
            } catch (RuntimeException e) {
                listener.onError(CallStatus.INTERNAL.withDescription(messageOf(unwrap(e))).withCause(e)
                        .toRuntimeException());
            }
        }

        @Override
        public void listActions(CallContext context, StreamListener<ActionType> listener) {
            listener.onNext(new ActionType(WorkerActions.RUN_TASK, "run a task (JSON TaskDescriptor -> TaskResult)"));
            listener.onNext(new ActionType(WorkerActions.RELEASE_QUERY, "cancel a query's tasks, free its buffers"));
            listener.onNext(new ActionType(WorkerActions.CANCEL_QUERY, "cancel a query's tasks"));
            listener.onNext(new ActionType(WorkerActions.RUN_FUNCTION, "run a background function (call + input -> output)"));
            listener.onNext(new ActionType(WorkerActions.CANCEL_FUNCTION, "cancel an invocation's function calls"));
            listener.onNext(new ActionType(WorkerActions.EXPORT_SHARED_MEMORY,
                    "write a buffer into a shared-memory file for a worker process of this host"));
            listener.onNext(new ActionType(WorkerActions.STATUS, "slots, memory and buffers (JSON WorkerStatus)"));
            listener.onCompleted();
        }

        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            String text = new String(ticket.getBytes(), UTF_8);
            BufferId bufferId;
            try {
                bufferId = BufferId.fromTicketText(text);
            } catch (RuntimeException e) {
                listener.error(CallStatus.INVALID_ARGUMENT.withDescription("not a buffer ticket: " + text)
                        .toRuntimeException());
                return;
            }
            Optional<BufferSnapshot> snapshot = store.acquire(bufferId);
            if (snapshot.isEmpty()) {
                listener.error(CallStatus.NOT_FOUND
                        .withDescription("buffer " + text + " not found on worker " + config.workerId())
                        .toRuntimeException());
                return;
            }
            // Registered here, on the gRPC thread, before the stream is handed to its own thread: waiting for
            // readiness must not block gRPC's callback executor, which delivers the on-ready notifications.
            BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
            backpressure.register(listener);
            try {
                streams.execute(() -> stream(snapshot.get(), ticket, listener, backpressure));
            } catch (RejectedExecutionException e) {
                snapshot.get().close();
                listener.error(unavailable());
            }
        }

        private static String queryIdOf(Action action) {
            String queryId = action.getBody() == null ? "" : new String(action.getBody(), UTF_8).trim();
            if (queryId.isEmpty()) {
                throw CallStatus.INVALID_ARGUMENT.withDescription("action " + action.getType() + " needs an id")
                        .toRuntimeException();
            }
            return queryId;
        }
    }

    /** Sends a task's outcome on its action's result stream; the caller may have gone away meanwhile. */
    private static final class ResultListener implements TaskReplyListener {
        private final FlightProducer.StreamListener<Result> listener;

        ResultListener(FlightProducer.StreamListener<Result> listener) {
            this.listener = listener;
        }

        @Override
        public void reply(byte[] body) {
            try {
                listener.onNext(new Result(body));
                listener.onCompleted();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.DEBUG, "cannot send a task result; the caller went away", e);
            }
        }

        @Override
        public void fail(FlightRuntimeException error) {
            try {
                listener.onError(error);
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.DEBUG, "cannot send a task failure; the caller went away", e);
            }
        }
    }
}
