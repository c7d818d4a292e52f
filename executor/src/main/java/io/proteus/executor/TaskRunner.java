package io.proteus.executor;

import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.TaskContext;
import io.proteus.executor.output.OutputPartitioner;
import io.proteus.executor.task.OutputSink;
import io.proteus.executor.task.SplitReader;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The entry point a worker calls to run one task: builds the operator pipeline of the task's fragment under a named
 * task allocator ({@code task-<queryId>-<stage>-<task>}, limited to the task's memory limit) with one child allocator
 * per operator, pulls the root's batches, partitions them into the sink, and reports statistics.
 *
 * <p>Failures: exhausting the task's memory raises {@link MemoryLimitExceededException}; a raised cancellation flag
 * (checked between batches) raises {@link TaskCancelledException}; data errors ({@link DataException}) propagate as
 * they are; anything else is wrapped in a {@link TaskExecutionException} naming the task. Whatever happens, every
 * allocator of the task is closed and nothing the task allocated stays behind (batches already given to the sink belong
 * to the sink). The runner is stateless and thread-safe; each call runs one task on the calling thread.
 */
public final class TaskRunner {

    /**
     * Runs {@code task} to completion.
     *
     * @param task the task to run
     * @param workerId the id of this worker (exchange splits it owns are read locally)
     * @param workerAllocator the worker's allocator; the task allocator is its child
     * @param exchangeReader opens exchange inputs ({@code BufferSplit}s); may be null for tasks that read none
     * @param sink receives the output partitions
     * @param cancelled polled between batches; when it returns true the task stops
     * @return statistics of the finished task
     */
    public TaskResult run(TaskDescriptor task, String workerId, BufferAllocator workerAllocator, SplitReader exchangeReader,
            OutputSink sink, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        String name = "task-" + task.queryId() + "-" + task.stageId() + "-" + task.taskIndex();
        long limit = task.memoryLimitBytes() > 0 ? task.memoryLimitBytes() : Long.MAX_VALUE;
        BufferAllocator taskAllocator = workerAllocator.newChildAllocator(name, 0, limit);
        TaskContext context = new TaskContext(name, task.queryId(), task.stageId(), workerId, task.inputs(), exchangeReader,
                cancelled);
        PipelineBuilder builder = new PipelineBuilder(context, taskAllocator);
        Operator root = null;
        OutputPartitioner output = null;
        RuntimeException failure = null;
        TaskResult result = null;
        try {
            root = builder.build(task.fragment());
            output = new OutputPartitioner(task.output(), root.schema(), sink);
            output.open();
            while (true) {
                context.checkCancelled();
                VectorSchemaRoot batch = root.next();
                if (batch == null) {
                    break;
                }
                try {
                    output.add(batch);
                } finally {
                    batch.close();
                }
            }
            context.checkCancelled();
            output.finish();
            result = new TaskResult(task.queryId(), task.stageId(), task.taskIndex(), workerId, output.statistics(),
                    context.inputRows(), context.inputBytes(), context.bytesFetchedRemotely(), context.bytesSharedLocally(),
                    System.nanoTime() - started, taskAllocator.getPeakMemoryAllocation());
        } catch (RuntimeException | Error e) {
            failure = translate(e, name, limit == Long.MAX_VALUE ? workerAllocator.getLimit() : limit);
        } finally {
            failure = release(output, root, builder.allocators(), taskAllocator, name, failure);
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private static RuntimeException translate(Throwable error, String name, long limit) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryException) {
                return new MemoryLimitExceededException(name, limit, error);
            }
            if (cause instanceof TaskCancelledException cancelled) {
                return cancelled;
            }
            if (cause instanceof MemoryLimitExceededException exceeded) {
                return exceeded;
            }
        }
        if (error instanceof DataException || error instanceof TaskExecutionException) {
            return (RuntimeException) error;
        }
        if (error instanceof Error fatal && !(error instanceof StackOverflowError)) {
            throw fatal;
        }
        return new TaskExecutionException("task " + name + " failed: " + error, error);
    }

    /** Closes everything in dependency order; returns the failure to throw (the first one, others suppressed). */
    private static RuntimeException release(OutputPartitioner output, Operator root, List<BufferAllocator> allocators,
            BufferAllocator taskAllocator, String name, RuntimeException failure) {
        List<Throwable> problems = new ArrayList<>();
        if (output != null) {
            try {
                output.close();
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        if (root != null) {
            try {
                root.close();
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        for (int i = allocators.size() - 1; i >= 0; i--) {
            try {
                allocators.get(i).close();
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        try {
            taskAllocator.close();
        } catch (RuntimeException e) {
            problems.add(e);
        }
        if (problems.isEmpty()) {
            return failure;
        }
        RuntimeException result = failure != null ? failure
                : new TaskExecutionException("task " + name + " did not release its resources: " + problems.getFirst(),
                        problems.getFirst());
        for (Throwable problem : problems) {
            if (problem != result && problem != result.getCause()) {
                result.addSuppressed(problem);
            }
        }
        return result;
    }
}
