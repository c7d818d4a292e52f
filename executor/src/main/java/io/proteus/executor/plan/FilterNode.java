package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import java.util.List;

/** Keeps the rows for which {@code condition} is TRUE (not FALSE, not NULL). */
public record FilterNode(PlanNode input, Expression condition) implements PlanNode {

    public FilterNode {
        requireNonNull(input, "input");
        requireNonNull(condition, "condition");
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
