package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.TaskResult;
import io.proteus.executor.type.DataType;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.PartitionObservation;
import java.util.ArrayList;
import java.util.List;

/** A finished stage: its tasks' results (whose outputs wait in the workers' buffer stores) and their layout. */
public record StageOutput(int stageId, String label, List<DataType> types, int partitionCount, List<TaskResult> tasks) {

    public StageOutput {
        requireNonNull(label, "label");
        types = List.copyOf(types);
        tasks = List.copyOf(tasks);
    }

    public long rows() {
        return tasks.stream().mapToLong(TaskResult::outputRows).sum();
    }

    public long bytes() {
        return tasks.stream().mapToLong(TaskResult::outputBytes).sum();
    }

    /** What the stage produced, per (task, partition), as a decision node observes it. */
    public InputObservation observation() {
        return observation(label);
    }

    /** The observed distribution of this stage's output, named as the consumer sees it (for example "build side"). */
    public InputObservation observation(String name) {
        List<PartitionObservation> partitions = new ArrayList<>();
        for (TaskResult task : tasks) {
            task.partitions().forEach(partition -> partitions.add(
                    new PartitionObservation(partition.partition(), task.workerId(), partition.rows(), partition.bytes())));
        }
        return InputObservation.of(name, partitions);
    }
}
