package io.proteus.sql.rule;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.immutables.value.Value;

/**
 * Pulls the conjuncts that every branch of a disjunction in a join condition shares out of it, so that equalities
 * repeated in each branch become join keys (see {@link FilterPullFactorsRule}, its counterpart for filters).
 */
@Value.Enclosing
public final class JoinPullFactorsRule extends RelRule<JoinPullFactorsRule.Config> {

    private JoinPullFactorsRule(Config config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join join = call.rel(0);
        RexNode factored = RexUtil.pullFactors(join.getCluster().getRexBuilder(), join.getCondition());
        if (!factored.equals(join.getCondition())) {
            call.transformTo(join.copy(join.getTraitSet(), factored, join.getLeft(), join.getRight(), join.getJoinType(),
                    join.isSemiJoinDone()));
        }
    }

    /** Configuration of {@link JoinPullFactorsRule}. */
    @Value.Immutable
    public interface Config extends RelRule.Config {
        Config DEFAULT = ImmutableJoinPullFactorsRule.Config.builder()
                .operandSupplier(operand -> operand.operand(LogicalJoin.class)
                        .predicate(join -> RexUtil.find(SqlKind.OR).inJoin(join))
                        .anyInputs())
                .description("JoinPullFactorsRule")
                .build();

        @Override
        default JoinPullFactorsRule toRule() {
            return new JoinPullFactorsRule(this);
        }
    }
}
