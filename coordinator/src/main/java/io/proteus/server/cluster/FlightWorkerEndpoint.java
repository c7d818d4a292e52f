package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.FunctionCall;
import io.proteus.dataplane.WorkerClient;
import io.proteus.dataplane.WorkerStatus;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.spi.decision.WorkerSlots;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker reached over Arrow Flight through its {@link WorkerClient}. The endpoint tracks the tasks it has invoked and
 * not yet seen finish: when the worker is found lost ({@link #markLost}) they fail at once with a
 * {@link WorkerLostException}, even if the network would let the calls hang. A worker in another process reports its
 * load in heartbeats ({@link #reportStatus}); an embedded one is asked.
 */
public final class FlightWorkerEndpoint implements WorkerEndpoint, AutoCloseable {

    private final String workerId;
    private final int slots;
    private final WorkerClient client;
    private final Set<CompletableFuture<TaskResult>> pending = ConcurrentHashMap.newKeySet();
    private volatile WorkerStatus reportedStatus;
    private volatile WorkerLostException lost;

    public FlightWorkerEndpoint(String workerId, int slots, WorkerClient client) {
        this.workerId = requireNonNull(workerId, "workerId");
        this.slots = slots;
        this.client = requireNonNull(client, "client");
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public String address() {
        return client.address();
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public CompletableFuture<TaskResult> runTask(TaskDescriptor task) {
        WorkerLostException failure = lost;
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        // A dependent future, so that marking the worker lost can complete it without waiting for the call.
        CompletableFuture<TaskResult> result = client.runTask(task).thenApply(taskResult -> taskResult);
        pending.add(result);
        result.whenComplete((taskResult, error) -> pending.remove(result));
        if (lost != null) {
            result.completeExceptionally(lost);
        }
        return result;
    }

    @Override
    public BatchStream fetch(BufferId bufferId) {
        WorkerLostException failure = lost;
        if (failure != null) {
            throw failure;
        }
        return client.fetch(bufferId);
    }

    @Override
    public void releaseQuery(String queryId) {
        client.releaseQuery(queryId);
    }

    @Override
    public WorkerSlots status() {
        WorkerStatus status = reportedStatus;
        if (status == null) {
            status = client.status();
        }
        return new WorkerSlots(workerId, status.totalSlots(), Math.max(0, status.totalSlots() - status.busySlots()),
                status.memoryLimitBytes(), status.memoryAllocatedBytes());
    }

    /** The load the worker reported in its latest heartbeat; from then on {@link #status()} answers with it. */
    public void reportStatus(WorkerStatus status) {
        this.reportedStatus = requireNonNull(status, "status");
    }

    /** Asks the worker for its load, failing if it does not answer within {@code timeout}. */
    public WorkerStatus probe(Duration timeout) {
        return client.status(timeout);
    }

    /** Fails the tasks running on the worker, and every later call, with {@link WorkerLostException}. */
    public void markLost(String reason) {
        WorkerLostException failure = new WorkerLostException(workerId, reason);
        lost = failure;
        pending.forEach(future -> future.completeExceptionally(failure));
    }

    @Override
    public CompletableFuture<byte[]> runFunction(FunctionCall call, byte[] input) {
        return client.runFunction(call, input);
    }

    @Override
    public void cancelFunction(String invocationId) {
        client.cancelFunction(invocationId);
    }

    @Override
    public void close() {
        client.close();
    }
}
