package io.proteus.planner;

import io.proteus.planner.metadata.WorkflowScanMetadata;
import io.proteus.planner.rules.AggregateDecisionRule;
import io.proteus.planner.rules.JoinDecisionRule;
import io.proteus.planner.rules.ScanColumnPruningRule;
import io.proteus.planner.rules.ScanDecisionRule;
import io.proteus.planner.rules.SortDecisionRule;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;

/**
 * Turns an optimised logical plan into a decision workflow plan: scans, equi-joins, aggregations and sorts become
 * workflow nodes, each the decision point of a stage; filters, projects and the rest stay inside stages as pipelined
 * operators.
 */
public final class WorkflowPlanner {

    /** The rules, in the order they run. */
    public static List<RelOptRule> rules() {
        return List.of(
                ScanDecisionRule.Config.DEFAULT.toRule(),
                ScanColumnPruningRule.Config.DEFAULT.toRule(),
                JoinDecisionRule.Config.DEFAULT.toRule(),
                AggregateDecisionRule.Config.DEFAULT.toRule(),
                SortDecisionRule.Config.DEFAULT.toRule());
    }

    private WorkflowPlanner() {
    }

    /**
     * Rewrites the optimised plan into workflow nodes, and makes its cluster's metadata understand them (see
     * {@link WorkflowScanMetadata}): the controller sizes joins from these estimates.
     */
    public static RelNode toWorkflow(RelNode optimized) {
        WorkflowScanMetadata.install(optimized.getCluster());
        HepPlanner planner = new HepPlanner(HepProgram.builder()
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleCollection(rules())
                .build());
        planner.setRoot(optimized);
        return planner.findBestExp();
    }
}
