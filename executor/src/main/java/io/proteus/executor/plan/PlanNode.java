package io.proteus.executor.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A physical operator of one stage's fragment, as the coordinator ships it to a worker inside a task. The tree is a
 * pipeline: leaves read table partitions ({@link TableScanNode}) or the outputs of upstream stages
 * ({@link ExchangeSourceNode}); the root's batches go to the task's output partitioner.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TableScanNode.class, name = "tableScan"),
    @JsonSubTypes.Type(value = ExchangeSourceNode.class, name = "exchangeSource"),
    @JsonSubTypes.Type(value = ValuesNode.class, name = "values"),
    @JsonSubTypes.Type(value = FilterNode.class, name = "filter"),
    @JsonSubTypes.Type(value = ProjectNode.class, name = "project"),
    @JsonSubTypes.Type(value = AggregateNode.class, name = "aggregate"),
    @JsonSubTypes.Type(value = HashJoinNode.class, name = "hashJoin"),
    @JsonSubTypes.Type(value = MergeJoinNode.class, name = "mergeJoin"),
    @JsonSubTypes.Type(value = NestedLoopJoinNode.class, name = "nestedLoopJoin"),
    @JsonSubTypes.Type(value = SortNode.class, name = "sort"),
    @JsonSubTypes.Type(value = TopNNode.class, name = "topN"),
    @JsonSubTypes.Type(value = LimitNode.class, name = "limit"),
    @JsonSubTypes.Type(value = ExpandNode.class, name = "expand"),
    @JsonSubTypes.Type(value = GroupingSetsAggregateNode.class, name = "groupingSetsAggregate"),
    @JsonSubTypes.Type(value = WindowNode.class, name = "window"),
    @JsonSubTypes.Type(value = UnionAllNode.class, name = "unionAll")
})
public sealed interface PlanNode
        permits TableScanNode, ExchangeSourceNode, ValuesNode, FilterNode, ProjectNode, AggregateNode, HashJoinNode,
                MergeJoinNode, NestedLoopJoinNode, SortNode, TopNNode, LimitNode, ExpandNode, GroupingSetsAggregateNode,
                WindowNode,
                UnionAllNode {

    /** The direct inputs of this node, in order. */
    List<PlanNode> inputs();
}
