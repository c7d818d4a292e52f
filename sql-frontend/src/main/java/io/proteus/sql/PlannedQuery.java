package io.proteus.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A validated and optimised query: the logical plan after Calcite's rewrites and cost-based join ordering, the
 * names and types of the columns it returns (in order; the plan's row type may carry extra columns beyond them only
 * if {@code plan} is wrapped — it never is here), and the types the validator inferred for its {@code ?} parameters,
 * in order (empty for a query without parameters; such a plan holds dynamic parameters and is for describing the
 * statement, not for running it — see {@link SqlFrontend#bindParameters}).
 */
public record PlannedQuery(RelNode plan, List<String> columnNames, RelDataType rowType, List<RelDataType> parameterTypes) {

    public PlannedQuery {
        requireNonNull(plan, "plan");
        columnNames = List.copyOf(columnNames);
        requireNonNull(rowType, "rowType");
        parameterTypes = List.copyOf(parameterTypes);
    }

    /** A query without parameters. */
    public PlannedQuery(RelNode plan, List<String> columnNames, RelDataType rowType) {
        this(plan, columnNames, rowType, List.of());
    }
}
