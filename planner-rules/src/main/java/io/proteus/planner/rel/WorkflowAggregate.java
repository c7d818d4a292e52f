package io.proteus.planner.rel;

import io.proteus.spi.decision.DecisionPoint;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A two-phase hash aggregation: partial aggregates next to the input, an exchange on the group keys, and final
 * aggregates whose number of instances and placement its decision node chooses from the observed partial results.
 */
public final class WorkflowAggregate extends Aggregate implements WorkflowNode {

    public WorkflowAggregate(RelOptCluster cluster, RelTraitSet traitSet, RelNode input, ImmutableBitSet groupSet,
            List<ImmutableBitSet> groupSets, List<AggregateCall> aggregateCalls) {
        super(cluster, traitSet, List.of(), input, groupSet, groupSets, aggregateCalls);
    }

    @Override
    public DecisionPoint decisionPoint() {
        return DecisionPoint.AGGREGATE;
    }

    @Override
    public Aggregate copy(RelTraitSet traitSet, RelNode input, ImmutableBitSet groupSet,
            List<ImmutableBitSet> groupSets, List<AggregateCall> aggregateCalls) {
        return new WorkflowAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggregateCalls);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer).item("decision", decisionPoint());
    }
}
