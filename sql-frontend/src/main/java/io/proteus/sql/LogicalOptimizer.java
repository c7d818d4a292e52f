package io.proteus.sql;

import static java.util.Objects.requireNonNull;

import io.proteus.sql.rule.FilterPullFactorsRule;
import io.proteus.sql.rule.JoinPullFactorsRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;

/**
 * Calcite's logical rewrites, in phases: sub-query removal and decorrelation, field trimming, predicate push-down and
 * expression reduction, then cost-based join ordering over multi-joins (bounded: Calcite's {@code LoptOptimizeJoinRule}
 * heuristics, using the tables' row counts). Extra rules (from plugins) run in the simplification phase. Last, window
 * functions (RexOver) move out of projections into {@code LogicalWindow}s, whose inputs are narrowed to the columns
 * used above them: filters over window results were never pushed below them, since that would change the result.
 */
public final class LogicalOptimizer {

    private final List<RelOptRule> extraRules;

    private LogicalOptimizer(List<RelOptRule> extraRules) {
        this.extraRules = List.copyOf(extraRules);
    }

    public static LogicalOptimizer standard() {
        return new LogicalOptimizer(List.of());
    }

    /** Returns an optimizer that also applies the given rules in its simplification phase. */
    public LogicalOptimizer withExtraRules(List<RelOptRule> rules) {
        List<RelOptRule> all = new ArrayList<>(extraRules);
        all.addAll(requireNonNull(rules, "rules"));
        return new LogicalOptimizer(all);
    }

    public RelNode optimize(RelNode plan, RelBuilder relBuilder) {
        RelNode rel = run(plan, HepProgram.builder()
                .addRuleCollection(List.of(
                        CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                        CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                        CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
                .build());
        rel = RelDecorrelator.decorrelateQuery(rel, relBuilder);
        // Set operations and DISTINCT aggregates become plain aggregations (over UNION ALL, or over grouping sets).
        rel = run(rel, HepProgram.builder()
                .addRuleCollection(List.of(
                        CoreRules.UNION_TO_DISTINCT,
                        CoreRules.INTERSECT_TO_DISTINCT,
                        CoreRules.MINUS_TO_DISTINCT,
                        CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES))
                .build());
        rel = new RelFieldTrimmer(null, relBuilder).trim(rel);
        rel = run(rel, simplification());
        rel = run(rel, HepProgram.builder()
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
                .addRuleInstance(CoreRules.PROJECT_MULTI_JOIN_MERGE)
                .addRuleInstance(CoreRules.FILTER_MULTI_JOIN_MERGE)
                .build());
        rel = run(rel, HepProgram.builder().addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE).build());
        rel = run(rel, simplification());
        // Once, after the predicates are final: inside the simplification fixpoint it pulled every sort's input
        // predicates up again after each rewrite anywhere in the plan (a seventh of the optimiser's time).
        rel = run(rel, HepProgram.builder().addRuleInstance(CoreRules.SORT_REMOVE_CONSTANT_KEYS).build());
        rel = new RelFieldTrimmer(null, relBuilder).trim(rel);
        rel = run(rel, HepProgram.builder()
                .addRuleCollection(List.of(CoreRules.PROJECT_MERGE, CoreRules.PROJECT_REMOVE, CoreRules.FILTER_MERGE))
                .build());
        rel = run(rel, HepProgram.builder()
                .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
                .addRuleCollection(List.of(CoreRules.PROJECT_WINDOW_TRANSPOSE, CoreRules.PROJECT_MERGE, CoreRules.PROJECT_REMOVE))
                .build());
        return rel;
    }

    /** Predicate push-down (after pulling shared factors out of disjunctions) and expression reduction. */
    private HepProgram simplification() {
        HepProgramBuilder builder = HepProgram.builder();
        List<RelOptRule> rules = new ArrayList<>(List.of(
                FilterPullFactorsRule.Config.DEFAULT.toRule(),
                JoinPullFactorsRule.Config.DEFAULT.toRule(),
                CoreRules.FILTER_INTO_JOIN,
                CoreRules.JOIN_CONDITION_PUSH,
                CoreRules.FILTER_PROJECT_TRANSPOSE,
                CoreRules.FILTER_AGGREGATE_TRANSPOSE,
                CoreRules.FILTER_SET_OP_TRANSPOSE,
                CoreRules.FILTER_MERGE,
                CoreRules.PROJECT_MERGE,
                CoreRules.PROJECT_REMOVE,
                CoreRules.AGGREGATE_PROJECT_MERGE,
                CoreRules.FILTER_REDUCE_EXPRESSIONS,
                CoreRules.PROJECT_REDUCE_EXPRESSIONS,
                CoreRules.JOIN_REDUCE_EXPRESSIONS,
                CoreRules.AGGREGATE_REMOVE,
                CoreRules.UNION_MERGE));
        rules.addAll(extraRules);
        builder.addRuleCollection(rules);
        return builder.build();
    }

    private static RelNode run(RelNode rel, HepProgram program) {
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        return planner.findBestExp();
    }
}
