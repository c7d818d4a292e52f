package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Skips {@code offset} rows then passes at most {@code fetch} rows (-1: no limit), in input order. */
public record LimitNode(PlanNode input, long offset, long fetch) implements PlanNode {

    public LimitNode {
        requireNonNull(input, "input");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
