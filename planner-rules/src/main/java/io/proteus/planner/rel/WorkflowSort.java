package io.proteus.planner.rel;

import io.proteus.spi.decision.DecisionPoint;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexNode;

/**
 * An ordering and/or limit over all rows: partial top-N (or limit) functions next to the input, then one gathering
 * function whose placement its decision node chooses.
 */
public final class WorkflowSort extends Sort implements WorkflowNode {

    public WorkflowSort(RelOptCluster cluster, RelTraitSet traitSet, RelNode input, RelCollation collation,
            RexNode offset, RexNode fetch) {
        super(cluster, traitSet, input, collation, offset, fetch);
    }

    @Override
    public DecisionPoint decisionPoint() {
        return DecisionPoint.GATHER;
    }

    @Override
    public Sort copy(RelTraitSet traitSet, RelNode newInput, RelCollation newCollation, RexNode newOffset, RexNode newFetch) {
        return new WorkflowSort(getCluster(), traitSet, newInput, newCollation, newOffset, newFetch);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer).item("decision", decisionPoint());
    }
}
