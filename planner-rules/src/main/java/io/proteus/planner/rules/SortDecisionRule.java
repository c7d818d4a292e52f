package io.proteus.planner.rules;

import io.proteus.planner.rel.WorkflowSort;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalSort;
import org.immutables.value.Value;

/** Turns a logical sort or limit into a workflow gather: partial top-N next to the data, one final function. */
@Value.Enclosing
public final class SortDecisionRule extends RelRule<SortDecisionRule.Config> {

    private SortDecisionRule(Config config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalSort sort = call.rel(0);
        call.transformTo(new WorkflowSort(sort.getCluster(), sort.getTraitSet(), sort.getInput(), sort.getCollation(),
                sort.offset, sort.fetch));
    }

    /** Configuration of {@link SortDecisionRule}. */
    @Value.Immutable
    public interface Config extends RelRule.Config {
        Config DEFAULT = ImmutableSortDecisionRule.Config.builder()
                .operandSupplier(operand -> operand.operand(LogicalSort.class).anyInputs())
                .description("SortDecisionRule")
                .build();

        @Override
        default SortDecisionRule toRule() {
            return new SortDecisionRule(this);
        }
    }
}
