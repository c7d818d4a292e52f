package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import java.util.List;

/**
 * Join without equality keys: every left row against every right row (the right input is buffered), keeping pairs for
 * which {@code condition} (over left ++ right columns; null means always true) is TRUE.
 */
public record NestedLoopJoinNode(PlanNode left, PlanNode right, JoinType joinType, Expression condition)
        implements PlanNode {

    public NestedLoopJoinNode {
        requireNonNull(left, "left");
        requireNonNull(right, "right");
        requireNonNull(joinType, "joinType");
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(left, right);
    }
}
