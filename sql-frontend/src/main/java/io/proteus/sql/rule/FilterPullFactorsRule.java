package io.proteus.sql.rule;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.immutables.value.Value;

/**
 * Pulls the conjuncts that every branch of a disjunction shares out of it:
 * {@code (a = b AND x) OR (a = b AND y)} becomes {@code a = b AND (x OR y)}. Analysts repeat join conditions inside
 * each branch of an OR; once pulled out, they become equi-join keys instead of a cross product filtered afterwards.
 */
@Value.Enclosing
public final class FilterPullFactorsRule extends RelRule<FilterPullFactorsRule.Config> {

    private FilterPullFactorsRule(Config config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        RexNode factored = RexUtil.pullFactors(filter.getCluster().getRexBuilder(), filter.getCondition());
        if (!factored.equals(filter.getCondition())) {
            call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), factored));
        }
    }

    /** Configuration of {@link FilterPullFactorsRule}. */
    @Value.Immutable
    public interface Config extends RelRule.Config {
        Config DEFAULT = ImmutableFilterPullFactorsRule.Config.builder()
                .operandSupplier(operand -> operand.operand(LogicalFilter.class)
                        .predicate(filter -> RexUtil.find(SqlKind.OR).inFilter(filter))
                        .anyInputs())
                .description("FilterPullFactorsRule")
                .build();

        @Override
        default FilterPullFactorsRule toRule() {
            return new FilterPullFactorsRule(this);
        }
    }
}
