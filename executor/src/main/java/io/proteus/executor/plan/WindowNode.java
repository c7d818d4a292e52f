package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Window functions of one window specification: the input rows are split into partitions by equal values of
 * {@code partitionKeys} (NULLs equal), ordered within a partition by {@code orderKeys}, and every {@code calls} function
 * is evaluated for every row over its partition, or over the rows of its {@code frame}. Output: the input columns, then
 * one column per call. Every row of a partition must reach the same task (the input is hash-partitioned on the
 * partition keys, or gathered). Output rows come in partition and order key order.
 */
public record WindowNode(PlanNode input, List<Integer> partitionKeys, List<SortKey> orderKeys, WindowFrame frame,
        List<WindowCall> calls) implements PlanNode {

    public WindowNode {
        requireNonNull(input, "input");
        partitionKeys = List.copyOf(partitionKeys);
        orderKeys = List.copyOf(orderKeys);
        requireNonNull(frame, "frame");
        calls = List.copyOf(calls);
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }
}
