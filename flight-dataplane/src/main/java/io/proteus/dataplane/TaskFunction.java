package io.proteus.dataplane;

import io.proteus.executor.task.OutputSink;
import io.proteus.executor.task.SplitReader;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The operator function a worker runs for each task it is given. It decouples the data plane from the executor: the
 * worker passes the executor's task runner (for example {@code new TaskRunner()::run}), tests pass doubles.
 *
 * <p>The function reads its exchange inputs through {@code exchangeReader}, allocates its output vectors from
 * {@code sink.allocator()} and hands output batches to {@code sink}; it must call {@code sink.open} even when it
 * produces no rows (otherwise its buffers do not exist and readers get {@code NOT_FOUND}). It should stop early (by
 * throwing) when {@code cancelled} turns true. Whatever it throws is reported to the coordinator as the task's
 * failure, and whatever it wrote is dropped; the worker stays up.
 *
 * <p>The worker fills in {@code bytesFetchedRemotely}/{@code bytesSharedLocally} of the returned result from its
 * {@link ExchangeReader}'s counters when the function leaves both at zero.
 */
@FunctionalInterface
public interface TaskFunction {

    /**
     * Runs one task to completion and describes what it produced.
     *
     * @param task the task to run
     * @param workerId the id of the worker running it
     * @param workerAllocator the worker's allocator; the function creates its per-task child allocators from it
     * @param exchangeReader opens the task's {@code BufferSplit} inputs (local or remote)
     * @param sink receives the task's output partitions
     * @param cancelled turns true when the task's query is cancelled or released, or the caller went away
     */
    TaskResult run(TaskDescriptor task, String workerId, BufferAllocator workerAllocator, SplitReader exchangeReader,
            OutputSink sink, BooleanSupplier cancelled) throws Exception;
}
