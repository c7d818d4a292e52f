package io.proteus.executor.plan;

import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * UNION ALL inside one task: the rows of every input, one input after the other, without copying them. The inputs
 * produce the same value types ({@code columnTypes}; nullability may differ), so their batches are passed on as they
 * are. The coordinator uses it to run the branches of a UNION ALL in the consuming stage's pipeline instead of
 * materialising each branch as a stage of its own.
 */
public record UnionAllNode(List<PlanNode> inputs, List<DataType> columnTypes) implements PlanNode {

    public UnionAllNode {
        inputs = List.copyOf(inputs);
        columnTypes = List.copyOf(columnTypes);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a union needs at least one input");
        }
    }
}
