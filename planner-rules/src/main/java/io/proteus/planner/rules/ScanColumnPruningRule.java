package io.proteus.planner.rules;

import io.proteus.planner.rel.WorkflowTableScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;
import org.immutables.value.Value;

/**
 * Narrows a workflow scan to the columns the project above it uses, so scan functions read only those columns; a
 * project that merely selects columns in order disappears.
 */
@Value.Enclosing
public final class ScanColumnPruningRule extends RelRule<ScanColumnPruningRule.Config> {

    private ScanColumnPruningRule(Config config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Project project = call.rel(0);
        WorkflowTableScan scan = call.rel(1);
        ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
        if (used.cardinality() == scan.columns().size() && !isIdentity(project)) {
            return;
        }
        List<Integer> columns = new ArrayList<>();
        Mapping mapping = Mappings.create(MappingType.INVERSE_SURJECTION, scan.columns().size(), used.cardinality());
        for (int index : used) {
            mapping.set(index, columns.size());
            columns.add(scan.columns().get(index));
        }
        if (used.isEmpty()) {
            // count(*) and friends: read one (the first) column so that row counts are known.
            columns.add(scan.columns().get(0));
        }
        WorkflowTableScan narrowed = new WorkflowTableScan(scan.getCluster(), scan.getTraitSet(), scan.getTable(), columns);
        List<RexNode> projects = RexPermuteInputsShuttle.of(mapping).visitList(project.getProjects());
        LogicalProject newProject = LogicalProject.create(narrowed, List.of(), projects, project.getRowType(), project.getVariablesSet());
        if (isIdentityOver(newProject, narrowed)) {
            call.transformTo(narrowed);
        } else {
            call.transformTo(newProject);
        }
    }

    private static boolean isIdentity(Project project) {
        return isIdentityOver(project, project.getInput());
    }

    private static boolean isIdentityOver(Project project, org.apache.calcite.rel.RelNode input) {
        return org.apache.calcite.rex.RexUtil.isIdentity(project.getProjects(), input.getRowType())
                && project.getRowType().getFieldNames().equals(input.getRowType().getFieldNames());
    }

    /** Configuration of {@link ScanColumnPruningRule}. */
    @Value.Immutable
    public interface Config extends RelRule.Config {
        Config DEFAULT = ImmutableScanColumnPruningRule.Config.builder()
                .operandSupplier(operand -> operand.operand(LogicalProject.class)
                        .oneInput(scan -> scan.operand(WorkflowTableScan.class).noInputs()))
                .description("ScanColumnPruningRule")
                .build();

        @Override
        default ScanColumnPruningRule toRule() {
            return new ScanColumnPruningRule(this);
        }
    }
}
