package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import java.util.List;

/**
 * Emits every input row once per projection, each time computing the projection's expressions (all projections have
 * the same number of columns and the same types). Grouping sets use it: one projection per set, with the keys outside
 * the set replaced by NULL and a constant identifying the set.
 */
public record ExpandNode(PlanNode input, List<List<Expression>> projections) implements PlanNode {

    public ExpandNode {
        requireNonNull(input, "input");
        projections = projections.stream().map(List::copyOf).toList();
        if (projections.isEmpty()) {
            throw new IllegalArgumentException("an expansion needs at least one projection");
        }
        int width = projections.get(0).size();
        for (List<Expression> projection : projections) {
            if (projection.size() != width) {
                throw new IllegalArgumentException("projections of an expansion differ in width: " + projections);
            }
            for (int i = 0; i < width; i++) {
                if (projection.get(i).type().kind() != projections.get(0).get(i).type().kind()) {
                    throw new IllegalArgumentException("projections of an expansion differ in the type of column " + i);
                }
            }
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
