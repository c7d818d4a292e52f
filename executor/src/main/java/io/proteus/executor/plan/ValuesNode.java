package io.proteus.executor.plan;

import io.proteus.executor.expression.Literal;
import io.proteus.executor.type.DataType;
import java.util.List;

/** Produces constant rows (for example {@code SELECT 1} or {@code VALUES (...)}). */
public record ValuesNode(List<DataType> columnTypes, List<List<Literal>> rows) implements PlanNode {

    public ValuesNode {
        columnTypes = List.copyOf(columnTypes);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<Literal> row : rows) {
            if (row.size() != columnTypes.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " values, expected " + columnTypes.size());
            }
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }
}
