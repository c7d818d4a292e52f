package io.proteus.planner.rules;

import io.proteus.planner.rel.WorkflowAggregate;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.immutables.value.Value;

/**
 * Turns a logical aggregate into a workflow aggregation: partial aggregation next to the data, an exchange, and a final
 * aggregation whose parallelism and placement a decision node chooses from the observed partial results. Grouping sets
 * (ROLLUP, CUBE, GROUPING SETS) stay on the node; the controller expands the rows once per set before the partial step.
 */
@Value.Enclosing
public final class AggregateDecisionRule extends RelRule<AggregateDecisionRule.Config> {

    private AggregateDecisionRule(Config config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalAggregate aggregate = call.rel(0);
        call.transformTo(new WorkflowAggregate(aggregate.getCluster(), aggregate.getTraitSet(), aggregate.getInput(),
                aggregate.getGroupSet(), aggregate.getGroupSets(), aggregate.getAggCallList()));
    }

    /** Configuration of {@link AggregateDecisionRule}. */
    @Value.Immutable
    public interface Config extends RelRule.Config {
        Config DEFAULT = ImmutableAggregateDecisionRule.Config.builder()
                .operandSupplier(operand -> operand.operand(LogicalAggregate.class).anyInputs())
                .description("AggregateDecisionRule")
                .build();

        @Override
        default AggregateDecisionRule toRule() {
            return new AggregateDecisionRule(this);
        }
    }
}
