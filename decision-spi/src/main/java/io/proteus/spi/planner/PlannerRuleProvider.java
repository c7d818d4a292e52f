package io.proteus.spi.planner;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;

/**
 * The service a plugin jar registers in {@code META-INF/services/io.proteus.spi.planner.PlannerRuleProvider} to add
 * Calcite rules to the logical optimizer. The rules run with the built-in simplification rules, after decorrelation and
 * before join ordering, on logical relational expressions ({@code LogicalFilter}, {@code LogicalProject}, ...); they
 * must keep the query's meaning. Proteus finds providers with {@link java.util.ServiceLoader} in the plugin's own class
 * loader at start-up.
 */
public interface PlannerRuleProvider {

    List<RelOptRule> plannerRules();
}
