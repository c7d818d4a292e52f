package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The partial step of an aggregation over several grouping sets (ROLLUP, CUBE, GROUPING SETS). It aggregates the raw
 * input once on all of {@code groupKeys}, then derives each grouping set from the smallest set computed so far that
 * contains it, by merging intermediate states (so a ROLLUP's coarser sets are computed from the previous set's much
 * smaller result, never from the input rows again). The aggregates must be decomposable into intermediate states, as
 * every {@link AggregateFunction} is.
 *
 * <p>Output columns: the {@code groupKeys} in order (NULL where the row's grouping set leaves the key out), the index
 * of the row's grouping set in {@code groupingSets} (INTEGER NOT NULL: it tells a key rolled up to NULL from a NULL
 * key value), then per call its intermediate state columns, as a {@link AggregateStep#PARTIAL} aggregation lays them
 * out. A FINAL aggregation on the keys and the set index finishes them.
 *
 * @param groupKeys input columns of all the keys (the union of the grouping sets), without duplicates
 * @param groupingSets per grouping set, the input columns it groups on (each a subset of {@code groupKeys})
 * @param aggregates the calls over raw input rows
 */
public record GroupingSetsAggregateNode(PlanNode input, List<Integer> groupKeys, List<List<Integer>> groupingSets,
        List<AggregateCall> aggregates) implements PlanNode {

    public GroupingSetsAggregateNode {
        requireNonNull(input, "input");
        groupKeys = List.copyOf(groupKeys);
        groupingSets = groupingSets.stream().map(List::copyOf).toList();
        aggregates = List.copyOf(aggregates);
        if (groupingSets.isEmpty()) {
            throw new IllegalArgumentException("an aggregation over grouping sets needs at least one set");
        }
        if (new HashSet<>(groupKeys).size() != groupKeys.size()) {
            throw new IllegalArgumentException("duplicate group keys: " + groupKeys);
        }
        Set<Integer> keys = Set.copyOf(groupKeys);
        for (List<Integer> set : groupingSets) {
            if (!keys.containsAll(set)) {
                throw new IllegalArgumentException("grouping set " + set + " is not a subset of the group keys " + groupKeys);
            }
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
