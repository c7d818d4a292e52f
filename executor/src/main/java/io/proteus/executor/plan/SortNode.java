package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Sorts all input rows by {@code keys} (stable). */
public record SortNode(PlanNode input, List<SortKey> keys) implements PlanNode {

    public SortNode {
        requireNonNull(input, "input");
        keys = List.copyOf(keys);
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
