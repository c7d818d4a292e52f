package io.proteus.server.function;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.FunctionCall;
import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.server.control.GlobalController;
import io.proteus.server.control.Priority;
import io.proteus.server.control.SlotClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The general serverless function API beside SQL, on the coordinator: registers functions (a name bound to a plugin
 * function and its arguments) and runs invocations of a function or a chain of them at background priority.
 *
 * <p>Each step of a chain is one call on a worker's slot: the runner claims any slot from the {@link GlobalController}
 * at {@link Priority#BACKGROUND} (so it waits while queries need the slots), sends the call to the granted worker with
 * the previous step's output as input, and releases the slot when the worker answers. When a query claims the slot,
 * the controller preempts the step: the worker cancels the call, and the step is claimed and run again from its
 * start (the outputs of the steps before it are kept) — the invocation is re-queued at a function boundary.
 */
public final class BackgroundFunctions implements AutoCloseable {

    /** The largest input an invocation accepts. */
    public static final int MAX_INPUT_BYTES = 8 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundFunctions.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final int KEPT_INVOCATIONS = 500;
    private static final long CANCEL_REPEAT_MILLIS = 50;

    private final FunctionLibrary library;
    private final GlobalController controller;
    private final Map<String, RegisteredFunction> registered = new ConcurrentHashMap<>();
    private final Map<String, Invocation> invocations = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Invocation> eldest) {
            return size() > KEPT_INVOCATIONS && eldest.getValue().state().done();
        }
    });
    private final AtomicLong counter = new AtomicLong();
    private final ExecutorService callbacks = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("background-functions-", 0).factory());
    private volatile boolean closed;

    public BackgroundFunctions(FunctionLibrary library, GlobalController controller) {
        this.library = requireNonNull(library, "library");
        this.controller = requireNonNull(controller, "controller");
    }

    public FunctionLibrary library() {
        return library;
    }

    // ---------------------------------------------------------------- registration

    /** Binds a name to a plugin function with fixed arguments; replaces an earlier registration of the same owner. */
    public RegisteredFunction register(String owner, String name, String function, Map<String, String> arguments) {
        requireNonNull(owner, "owner");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a function name is a letter followed by up to 63 letters, digits, "
                    + "'_', '-' or '.', not '" + name + "'");
        }
        if (function == null || !library.contains(function)) {
            throw new IllegalArgumentException("no plugin provides the background function '" + function + "'; "
                    + "available: " + String.join(", ", library.entries().stream().map(FunctionLibrary.Entry::name).toList()));
        }
        if (library.contains(name) && !name.equals(function)) {
            throw new IllegalArgumentException("'" + name + "' is the name of a plugin function; choose another name");
        }
        RegisteredFunction registration = new RegisteredFunction(name, function,
                arguments == null ? Map.of() : arguments, owner, Instant.now());
        registered.compute(name, (key, existing) -> {
            if (existing != null && !existing.owner().equals(owner)) {
                throw new IllegalArgumentException("function " + name + " is registered by another user");
            }
            return registration;
        });
        return registration;
    }

    /** Removes a registration of the owner; returns whether there was one. */
    public boolean unregister(String owner, String name) {
        RegisteredFunction existing = registered.get(name);
        if (existing == null) {
            return false;
        }
        if (!existing.owner().equals(owner)) {
            throw new IllegalArgumentException("function " + name + " is registered by another user");
        }
        return registered.remove(name, existing);
    }

    /** The registered functions, by name. */
    public List<RegisteredFunction> registered() {
        return registered.values().stream().sorted(java.util.Comparator.comparing(RegisteredFunction::name)).toList();
    }

    public Optional<RegisteredFunction> registered(String name) {
        return Optional.ofNullable(registered.get(name));
    }

    private RegisteredFunction resolve(String name) {
        RegisteredFunction function = registered.get(name);
        if (function != null) {
            return function;
        }
        if (name != null && library.contains(name)) {
            return new RegisteredFunction(name, name, Map.of(), "plugin", Instant.EPOCH);
        }
        throw new IllegalArgumentException("unknown function '" + name + "': register it first, or use one of "
                + String.join(", ", library.entries().stream().map(FunctionLibrary.Entry::name).toList()));
    }

    // ---------------------------------------------------------------- invocations

    /** Starts an invocation of a chain of functions over the input; returns at once with its first snapshot. */
    public InvocationInfo invoke(String user, List<String> chain, byte[] input) {
        requireNonNull(user, "user");
        requireNonNull(input, "input");
        if (closed) {
            throw new IllegalStateException("the coordinator is shutting down");
        }
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("an invocation needs a chain of at least one function");
        }
        if (input.length > MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("the input has " + input.length + " bytes; at most " + MAX_INPUT_BYTES
                    + " are accepted");
        }
        List<RegisteredFunction> steps = chain.stream().map(this::resolve).toList();
        String id = "inv-" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        Invocation invocation = new Invocation(id, user, List.copyOf(chain), steps, input);
        invocations.put(id, invocation);
        runStep(invocation, 0, 0, input);
        return invocation.info();
    }

    public Optional<InvocationInfo> invocation(String invocationId) {
        return Optional.ofNullable(invocations.get(invocationId)).map(Invocation::info);
    }

    /** The output of a finished invocation. */
    public Optional<byte[]> output(String invocationId) {
        return Optional.ofNullable(invocations.get(invocationId)).map(Invocation::output);
    }

    /** The invocations kept (the last 500 ended ones and all unfinished), newest first. */
    public List<InvocationInfo> invocations() {
        List<Invocation> all;
        synchronized (invocations) {
            all = new ArrayList<>(invocations.values());
        }
        Collections.reverse(all);
        return all.stream().map(Invocation::info).toList();
    }

    /** Invocations not ended yet. */
    public int unfinished() {
        synchronized (invocations) {
            return (int) invocations.values().stream().filter(invocation -> !invocation.state().done()).count();
        }
    }

    /** Cancels an invocation: its waiting claim is withdrawn, its running call cancelled. Returns false if it ended. */
    public boolean cancel(String invocationId) {
        Invocation invocation = invocations.get(invocationId);
        if (invocation == null || !invocation.cancel()) {
            return false;
        }
        controller.withdraw(invocationId);
        String worker = invocation.runningWorker();
        if (worker != null) {
            cancelOn(worker, invocationId, invocation.currentStep());
        }
        return true;
    }

    private void runStep(Invocation invocation, int step, int attempt, byte[] input) {
        RegisteredFunction function = invocation.steps.get(step);
        FunctionCall call = new FunctionCall(invocation.id, step, attempt, function.function(), function.arguments());
        invocation.waiting(step);
        CompletableFuture<Void> stepDone = new CompletableFuture<>();
        invocation.currentStep(stepDone);
        SlotClaim claim = controller.claim(invocation.id, Priority.BACKGROUND, null,
                workerId -> cancelOn(workerId, invocation.id, stepDone));
        long[] started = new long[1];
        String[] workerOf = new String[1];
        claim.granted().thenCompose(workerId -> {
            if (invocation.isCancelled()) {
                return CompletableFuture.failedFuture(new CancellationException("invocation " + invocation.id + " was cancelled"));
            }
            workerOf[0] = workerId;
            started[0] = System.nanoTime();
            invocation.running(workerId);
            WorkerEndpoint worker = controller.cluster().worker(workerId);
            return worker.runFunction(call, input);
        }).whenComplete((output, failure) -> {
            stepDone.complete(null);
            controller.release(claim);
            double seconds = workerOf[0] == null ? 0 : (System.nanoTime() - started[0]) / 1e9;
            Throwable cause = unwrap(failure);
            if (invocation.isCancelled()) {
                if (workerOf[0] != null) {
                    invocation.stepRun(step, function.function(), attempt, workerOf[0], seconds, "cancelled");
                }
                invocation.end(InvocationState.CANCELLED, null, "cancelled");
                return;
            }
            if (failure == null) {
                invocation.stepRun(step, function.function(), attempt, workerOf[0], seconds, "finished");
                if (step + 1 < invocation.steps.size()) {
                    runStep(invocation, step + 1, 0, output);
                } else {
                    invocation.end(InvocationState.FINISHED, output, null);
                }
                return;
            }
            if (claim.preempted() && workerOf[0] != null && isCancellation(cause) && !closed) {
                invocation.stepRun(step, function.function(), attempt, workerOf[0], seconds, "preempted");
                invocation.preempted();
                runStep(invocation, step, attempt + 1, input);
                return;
            }
            if (workerOf[0] != null) {
                invocation.stepRun(step, function.function(), attempt, workerOf[0], seconds, "failed");
            }
            invocation.end(InvocationState.FAILED, null, "step " + step + " (" + function.name() + ") failed: "
                    + messageOf(cause));
        });
    }

    /**
     * Cancels the invocation's call on the worker, again every few milliseconds until the step has ended: the cancel
     * may reach the worker before the call it cancels (both are in flight), and the worker forgets cancels of calls it
     * does not run.
     */
    private void cancelOn(String workerId, String invocationId, CompletableFuture<Void> stepDone) {
        callbacks.execute(() -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!stepDone.isDone() && System.nanoTime() < deadline) {
                try {
                    controller.cluster().worker(workerId).cancelFunction(invocationId);
                } catch (RuntimeException e) {
                    LOG.debug("cannot cancel invocation {} on worker {}", invocationId, workerId, e);
                }
                try {
                    stepDone.get(CANCEL_REPEAT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // not ended yet: cancel again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    return;
                }
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isCancellation(Throwable failure) {
        if (failure instanceof CancellationException) {
            return true;
        }
        String text = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        return text.contains("cancel");
    }

    private static String messageOf(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    /** Cancels every unfinished invocation. */
    @Override
    public void close() {
        closed = true;
        List<String> ids;
        synchronized (invocations) {
            ids = invocations.values().stream().filter(invocation -> !invocation.state().done())
                    .map(invocation -> invocation.id).toList();
        }
        ids.forEach(this::cancel);
        callbacks.shutdown();
    }

    /** One invocation's mutable state. */
    private static final class Invocation {
        final String id;
        final String user;
        final List<String> chain;
        final List<RegisteredFunction> steps;
        final long inputBytes;
        final Instant submitted = Instant.now();
        private final List<InvocationInfo.StepRun> runs = new ArrayList<>();
        private InvocationState state = InvocationState.WAITING;
        private int step;
        private int preemptions;
        private String worker;
        private byte[] output;
        private String error;
        private Instant finished;
        private boolean cancelled;
        private CompletableFuture<Void> currentStep = CompletableFuture.completedFuture(null);

        Invocation(String id, String user, List<String> chain, List<RegisteredFunction> steps, byte[] input) {
            this.id = id;
            this.user = user;
            this.chain = chain;
            this.steps = steps;
            this.inputBytes = input.length;
        }

        synchronized InvocationState state() {
            return state;
        }

        synchronized boolean isCancelled() {
            return cancelled;
        }

        synchronized boolean cancel() {
            if (state.done()) {
                return false;
            }
            cancelled = true;
            if (state == InvocationState.WAITING) {
                end(InvocationState.CANCELLED, null, "cancelled");
            }
            return true;
        }

        synchronized String runningWorker() {
            return state == InvocationState.RUNNING ? worker : null;
        }

        synchronized void waiting(int newStep) {
            if (!state.done()) {
                state = InvocationState.WAITING;
                step = newStep;
                worker = null;
            }
        }

        synchronized void running(String workerId) {
            if (!state.done()) {
                state = InvocationState.RUNNING;
                worker = workerId;
            }
        }

        synchronized void currentStep(CompletableFuture<Void> stepDone) {
            currentStep = stepDone;
        }

        synchronized CompletableFuture<Void> currentStep() {
            return currentStep;
        }

        synchronized void preempted() {
            preemptions++;
        }

        synchronized void stepRun(int runStep, String function, int attempt, String workerId, double seconds, String outcome) {
            runs.add(new InvocationInfo.StepRun(runStep, function, attempt, workerId, seconds, outcome));
        }

        synchronized void end(InvocationState finalState, byte[] result, String message) {
            if (state.done()) {
                return;
            }
            state = finalState;
            output = result;
            error = finalState == InvocationState.FINISHED ? null : message;
            finished = Instant.now();
            worker = null;
            if (finalState == InvocationState.FINISHED) {
                step = steps.size();
            }
        }

        synchronized byte[] output() {
            return output;
        }

        synchronized InvocationInfo info() {
            Instant end = finished == null ? Instant.now() : finished;
            return new InvocationInfo(id, user, chain, state, step, preemptions, submitted, finished,
                    Duration.between(submitted, end).toNanos() / 1e9, inputBytes, output == null ? 0 : output.length,
                    error, runs);
        }
    }
}
