package io.proteus.planner.rel;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.DecisionPoint;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;

/**
 * Scan of a table's partitions, reading only {@code columns} (indexes into the table's columns, in output order). Its
 * decision node chooses how many scan functions run and where.
 */
public final class WorkflowTableScan extends TableScan implements WorkflowNode {

    private final List<Integer> columns;

    public WorkflowTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, List<Integer> columns) {
        super(cluster, traitSet, List.of(), table);
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
    }

    public List<Integer> columns() {
        return columns;
    }

    @Override
    public DecisionPoint decisionPoint() {
        return DecisionPoint.SCAN;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new WorkflowTableScan(getCluster(), traitSet, table, columns);
    }

    @Override
    public RelDataType deriveRowType() {
        List<RelDataTypeField> fields = table.getRowType().getFieldList();
        RelDataTypeFactory.Builder builder = getCluster().getTypeFactory().builder();
        for (int column : columns) {
            builder.add(fields.get(column));
        }
        return builder.build();
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery metadataQuery) {
        double rows = table.getRowCount();
        return planner.getCostFactory().makeCost(rows, rows * columns.size(), 0);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        List<String> names = table.getRowType().getFieldNames();
        return super.explainTerms(writer)
                .item("columns", columns.stream().map(names::get).toList())
                .item("decision", decisionPoint());
    }
}
