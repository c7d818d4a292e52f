package io.proteus.planner.rel;

import io.proteus.spi.decision.DecisionPoint;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;
import java.util.List;

/**
 * An equi-join whose implementation is still open: broadcast hash, shuffle hash or shuffle sort-merge is chosen at run
 * time by its decision node, after its build candidate has run and its real size is known.
 */
public final class WorkflowJoin extends Join implements WorkflowNode {

    public WorkflowJoin(RelOptCluster cluster, RelTraitSet traitSet, RelNode left, RelNode right, RexNode condition,
            JoinRelType joinType) {
        super(cluster, traitSet, List.of(), left, right, condition, Set.<CorrelationId>of(), joinType);
        if (analyzeCondition().leftKeys.isEmpty()) {
            throw new IllegalArgumentException("a workflow join needs equality keys: " + condition);
        }
    }

    @Override
    public DecisionPoint decisionPoint() {
        return DecisionPoint.JOIN;
    }

    @Override
    public Join copy(RelTraitSet traitSet, RexNode conditionExpression, RelNode left, RelNode right,
            JoinRelType joinRelType, boolean semiJoinDone) {
        return new WorkflowJoin(getCluster(), traitSet, left, right, conditionExpression, joinRelType);
    }

    /** The equality keys and the remaining (non-equi) condition. */
    public JoinInfo joinInfo() {
        return analyzeCondition();
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer).item("implementation", "open").item("decision", decisionPoint());
    }
}
