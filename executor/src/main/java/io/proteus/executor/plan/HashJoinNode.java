package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import java.util.List;

/**
 * Equi-join through a hash table built on {@code buildSide}. Keys are pairwise equal (NULL keys never match); the
 * optional {@code residualCondition} is evaluated over the joined row (left ++ right columns) and must be TRUE for a
 * match. Output columns are left ++ right (SEMI, ANTI: left only), null-extended on the outer side(s).
 *
 * <p>{@code sharedBuild} says that every task of the stage reads the same build input (a broadcast): a worker then
 * builds the hash table once and its tasks share it ({@link io.proteus.executor.task.SharedBuilds}). It is ignored
 * where the build side's own rows are emitted (its unmatched rows of an outer join, SEMI on the build side), which
 * needs the table to itself.
 */
public record HashJoinNode(PlanNode left, PlanNode right, JoinType joinType, List<Integer> leftKeys,
        List<Integer> rightKeys, Expression residualCondition, JoinSide buildSide, boolean sharedBuild) implements PlanNode {

    /** A join whose build input differs from task to task (or is not known to be the same). */
    public HashJoinNode(PlanNode left, PlanNode right, JoinType joinType, List<Integer> leftKeys, List<Integer> rightKeys,
            Expression residualCondition, JoinSide buildSide) {
        this(left, right, joinType, leftKeys, rightKeys, residualCondition, buildSide, false);
    }

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
