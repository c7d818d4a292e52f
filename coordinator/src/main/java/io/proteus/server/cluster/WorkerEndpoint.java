package io.proteus.server.cluster;

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
}
