package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import java.util.List;

/**
 * Equi-join through a hash table built on {@code buildSide}. Keys are pairwise equal (NULL keys never match); the
 * optional {@code residualCondition} is evaluated over the joined row (left ++ right columns) and must be TRUE for a
 * match. Output columns are left ++ right (SEMI, ANTI: left only), null-extended on the outer side(s).
 */
public record HashJoinNode(PlanNode left, PlanNode right, JoinType joinType, List<Integer> leftKeys,
        List<Integer> rightKeys, Expression residualCondition, JoinSide buildSide) implements PlanNode {

    public HashJoinNode {
        requireNonNull(left, "left");
        requireNonNull(right, "right");
        requireNonNull(joinType, "joinType");
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        if (leftKeys.size() != rightKeys.size() || leftKeys.isEmpty()) {
            throw new IllegalArgumentException("a hash join needs the same positive number of keys on each side");
        }
        requireNonNull(buildSide, "buildSide");
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(left, right);
    }
}
