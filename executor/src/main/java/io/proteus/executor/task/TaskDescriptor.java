package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.plan.PlanNode;
import java.util.List;
import java.util.Map;

/**
 * One invocation of an operator function: run {@code fragment} over the given input splits (keyed by the
 * {@code sourceId} of the fragment's scan and exchange leaves) and keep its output, partitioned as
 * {@code output} says, in the worker's buffer store under {@link BufferId}s of this task.
 */
public record TaskDescriptor(String queryId, int stageId, int taskIndex, int attempt, PlanNode fragment,
        Map<Integer, List<InputSplit>> inputs, OutputPartitioning output, long memoryLimitBytes) {

    public TaskDescriptor {
        requireNonNull(queryId, "queryId");
        requireNonNull(fragment, "fragment");
        inputs = Map.copyOf(inputs);
        requireNonNull(output, "output");
    }

    /** The buffer that holds output partition {@code partition} of this task. */
    public BufferId outputBuffer(int partition) {
        return new BufferId(queryId, stageId, taskIndex, partition);
    }
}
