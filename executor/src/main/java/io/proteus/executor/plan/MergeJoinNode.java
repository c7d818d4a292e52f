package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import java.util.List;

/**
 * Sort-merge equi-join: the operator sorts each input on its keys (ascending, NULLs last) and merges them. Same key,
 * residual and output conventions as {@link HashJoinNode}.
 */
public record MergeJoinNode(PlanNode left, PlanNode right, JoinType joinType, List<Integer> leftKeys,
        List<Integer> rightKeys, Expression residualCondition) implements PlanNode {

    public MergeJoinNode {
        requireNonNull(left, "left");
        requireNonNull(right, "right");
        requireNonNull(joinType, "joinType");
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        if (leftKeys.size() != rightKeys.size() || leftKeys.isEmpty()) {
            throw new IllegalArgumentException("a merge join needs the same positive number of keys on each side");
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(left, right);
    }
}
