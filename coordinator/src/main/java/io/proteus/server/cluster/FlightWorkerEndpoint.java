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
import java.util.concurrent.CompletableFuture;

/** A worker reached over Arrow Flight through its {@link WorkerClient}. */
public final class FlightWorkerEndpoint implements WorkerEndpoint, AutoCloseable {

    private final String workerId;
    private final int slots;
    private final WorkerClient client;

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
        return client.runTask(task);
    }

    @Override
    public BatchStream fetch(BufferId bufferId) {
        return client.fetch(bufferId);
    }

    @Override
    public void releaseQuery(String queryId) {
        client.releaseQuery(queryId);
    }

    @Override
    public WorkerSlots status() {
        WorkerStatus status = client.status();
        return new WorkerSlots(workerId, status.totalSlots(), Math.max(0, status.totalSlots() - status.busySlots()),
                status.memoryLimitBytes(), status.memoryAllocatedBytes());
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
