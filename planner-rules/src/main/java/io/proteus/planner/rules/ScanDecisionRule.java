package io.proteus.planner.rules;

import io.proteus.planner.rel.WorkflowTableScan;
import java.util.stream.IntStream;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.immutables.value.Value;

/** Turns a logical table scan into a workflow scan stage (all columns; {@link ScanColumnPruningRule} narrows them). */
@Value.Enclosing
public final class ScanDecisionRule extends RelRule<ScanDecisionRule.Config> {

    private ScanDecisionRule(Config config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalTableScan scan = call.rel(0);
        int columnCount = scan.getTable().getRowType().getFieldCount();
        call.transformTo(new WorkflowTableScan(scan.getCluster(), scan.getTraitSet(), scan.getTable(),
                IntStream.range(0, columnCount).boxed().toList()));
    }

    /** Configuration of {@link ScanDecisionRule}. */
    @Value.Immutable
    public interface Config extends RelRule.Config {
        Config DEFAULT = ImmutableScanDecisionRule.Config.builder()
                .operandSupplier(operand -> operand.operand(LogicalTableScan.class).noInputs())
                .description("ScanDecisionRule")
                .build();

        @Override
        default ScanDecisionRule toRule() {
            return new ScanDecisionRule(this);
        }
    }
}
