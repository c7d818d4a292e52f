package io.proteus.executor.plan;

import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * Reads the output partitions of an upstream stage assigned to the task for source {@code sourceId}, in the order the
 * task lists them. Output columns are typed {@code columnTypes}.
 */
public record ExchangeSourceNode(int sourceId, List<DataType> columnTypes) implements PlanNode {

    public ExchangeSourceNode {
        columnTypes = List.copyOf(columnTypes);
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }
}
