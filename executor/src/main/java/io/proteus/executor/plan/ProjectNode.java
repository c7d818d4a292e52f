package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import java.util.List;

/** Computes one output column per expression. */
public record ProjectNode(PlanNode input, List<Expression> expressions) implements PlanNode {

    public ProjectNode {
        requireNonNull(input, "input");
        expressions = List.copyOf(expressions);
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
