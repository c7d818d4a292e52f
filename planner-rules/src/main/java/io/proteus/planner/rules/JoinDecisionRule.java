package io.proteus.planner.rules;

import io.proteus.planner.rel.WorkflowJoin;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.immutables.value.Value;

/**
 * Turns a logical equi-join into a workflow join whose implementation stays open until run time. Joins without
 * equality keys stay logical and run as nested-loop joins.
 */
@Value.Enclosing
public final class JoinDecisionRule extends RelRule<JoinDecisionRule.Config> {

    private JoinDecisionRule(Config config) {
        super(config);
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
        LogicalJoin join = call.rel(0);
        return !join.analyzeCondition().leftKeys.isEmpty();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalJoin join = call.rel(0);
        call.transformTo(new WorkflowJoin(join.getCluster(), join.getTraitSet(), join.getLeft(), join.getRight(),
                join.getCondition(), join.getJoinType()));
    }

    /** Configuration of {@link JoinDecisionRule}. */
    @Value.Immutable
    public interface Config extends RelRule.Config {
        Config DEFAULT = ImmutableJoinDecisionRule.Config.builder()
                .operandSupplier(operand -> operand.operand(LogicalJoin.class).anyInputs())
                .description("JoinDecisionRule")
                .build();

        @Override
        default JoinDecisionRule toRule() {
            return new JoinDecisionRule(this);
        }
    }
}
