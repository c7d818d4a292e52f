package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Hash aggregation. Output columns: the group keys (in the order of {@code groupKeys}), then per call its final value
 * ({@link AggregateStep#SINGLE}, {@link AggregateStep#FINAL}) or its intermediate state columns
 * ({@link AggregateStep#PARTIAL}). With no group keys it produces exactly one row in SINGLE and FINAL steps, even for
 * empty input. For FINAL, {@code groupKeys} index the partial output's key columns (normally 0..k-1).
 */
public record AggregateNode(PlanNode input, List<Integer> groupKeys, List<AggregateCall> aggregates, AggregateStep step)
        implements PlanNode {

    public AggregateNode {
        requireNonNull(input, "input");
        groupKeys = List.copyOf(groupKeys);
        aggregates = List.copyOf(aggregates);
        requireNonNull(step, "step");
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
