package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The first {@code count} rows of the input in {@code keys} order, sorted. */
public record TopNNode(PlanNode input, List<SortKey> keys, long count) implements PlanNode {

    public TopNNode {
        requireNonNull(input, "input");
        keys = List.copyOf(keys);
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
