package io.proteus.examples.plugin;

import io.proteus.spi.planner.PlannerRuleProvider;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;

/** Registers the example's planner rule; named in {@code META-INF/services/io.proteus.spi.planner.PlannerRuleProvider}. */
public final class ExamplePlannerRules implements PlannerRuleProvider {

    @Override
    public List<RelOptRule> plannerRules() {
        return List.of(LikePrefixToRangeRule.Config.DEFAULT.toRule());
    }
}
