package io.proteus.server.control;

import static java.util.Objects.requireNonNull;

import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.spi.decision.WorkerSlots;
import java.util.concurrent.CompletableFuture;

/**
 * A worker as one query's private controller uses it: {@link #runTask} claims a slot on this worker from the
 * {@link GlobalController} at the query's priority, sends the task once the slot is granted, and releases the slot when
 * the worker's call ends (whether the task succeeded, failed or was cancelled). {@link #releaseQuery} withdraws the
 * query's claims still waiting, then releases the query on the worker.
 */
final class ClaimingWorkerEndpoint implements WorkerEndpoint {

    private final WorkerEndpoint delegate;
    private final GlobalController controller;
    private final String queryId;
    private final Priority priority;

    ClaimingWorkerEndpoint(WorkerEndpoint delegate, GlobalController controller, String queryId, Priority priority) {
        this.delegate = requireNonNull(delegate, "delegate");
        this.controller = requireNonNull(controller, "controller");
        this.queryId = requireNonNull(queryId, "queryId");
        this.priority = requireNonNull(priority, "priority");
    }

    @Override
    public String workerId() {
        return delegate.workerId();
    }

    @Override
    public String address() {
        return delegate.address();
    }

    @Override
    public int slots() {
        return delegate.slots();
    }

    @Override
    public CompletableFuture<TaskResult> runTask(TaskDescriptor task) {
        SlotClaim claim = controller.claim(queryId, priority, delegate.workerId(), null);
        CompletableFuture<TaskResult> result = claim.granted().thenCompose(worker -> {
            try {
                return delegate.runTask(task);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        // The slot is given back when the worker's call ends, not when a caller gives up on the future: until the
        // worker answers, the task may still occupy the slot.
        result.whenComplete((value, failure) -> controller.release(claim));
        return result;
    }

    @Override
    public BatchStream fetch(BufferId bufferId) {
        return delegate.fetch(bufferId);
    }

    @Override
    public void releaseQuery(String queryIdToRelease) {
        controller.withdraw(queryIdToRelease);
        delegate.releaseQuery(queryIdToRelease);
    }

    @Override
    public WorkerSlots status() {
        return delegate.status();
    }
}
