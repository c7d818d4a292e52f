package io.proteus.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A validated and optimised query: the logical plan after Calcite's rewrites and cost-based join ordering, and the
 * names and types of the columns it returns (in order; the plan's row type may carry extra columns beyond them only
 * if {@code plan} is wrapped — it never is here).
 */
public record PlannedQuery(RelNode plan, List<String> columnNames, RelDataType rowType) {

    public PlannedQuery {
        requireNonNull(plan, "plan");
        columnNames = List.copyOf(columnNames);
        requireNonNull(rowType, "rowType");
    }
}
