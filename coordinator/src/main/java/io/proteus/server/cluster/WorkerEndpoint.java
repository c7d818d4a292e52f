package io.proteus.server.cluster;

import io.proteus.dataplane.FunctionCall;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.spi.decision.WorkerSlots;
import java.util.concurrent.CompletableFuture;

/** The coordinator's handle on one worker: invoke functions on it, read its buffers, release a query's state. */
public interface WorkerEndpoint {

    String workerId();

    /** {@code host:port} of the worker's Flight server. */
    String address();

    /** Number of function slots the worker runs concurrently. */
    int slots();

    /** Invokes one task; the future completes with its result or fails with the worker's message. */
    CompletableFuture<TaskResult> runTask(TaskDescriptor task);

    /** Streams one buffer of the worker; each batch is owned by the allocator passed to {@link BatchStream#next}. */
    BatchStream fetch(BufferId bufferId);

    /** Drops the query's buffers and cancels its running tasks on this worker. */
    void releaseQuery(String queryId);

    /** The worker's current slots and memory. */
    WorkerSlots status();

    /**
     * Runs a background function on the worker; the future completes with its output, or fails with the worker's
     * message ({@code CANCELLED} after {@link #cancelFunction}). Workers reached without Flight may not support it.
     */
    default CompletableFuture<byte[]> runFunction(FunctionCall call, byte[] input) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "worker " + workerId() + " is not reached over Flight and cannot run background functions"));
    }

    /** Cancels the running or queued function calls of an invocation on the worker. */
    default void cancelFunction(String invocationId) {
    }
}
