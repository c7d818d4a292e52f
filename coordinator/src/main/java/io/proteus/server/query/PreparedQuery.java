package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

import io.proteus.sql.ParsedStatement;
import io.proteus.sql.PlannedQuery;
import io.proteus.sql.SessionContext;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelNode;

/**
 * A statement parsed and planned: the optimised plan and its decision workflow (for queries), the schema of the rows
 * it will return (empty for SET), the schema of its {@code ?} parameters (empty when it has none), and how long
 * parsing, validation and optimisation took.
 *
 * <p>A statement with parameters is described, not runnable: its workflow plan is null until values are bound with
 * {@link QueryManager#bind}, which plans the statement again with the values in place.
 */
public record PreparedQuery(String sql, ParsedStatement statement, SessionContext context, PlannedQuery planned,
        RelNode workflowPlan, Schema resultSchema, Schema parameterSchema, double planningSeconds) {

    public PreparedQuery {
        requireNonNull(sql, "sql");
        requireNonNull(statement, "statement");
        requireNonNull(context, "context");
        requireNonNull(resultSchema, "resultSchema");
        requireNonNull(parameterSchema, "parameterSchema");
    }

    /** True if the statement has {@code ?} parameters that must be bound before it runs. */
    public boolean hasParameters() {
        return !parameterSchema.getFields().isEmpty();
    }
}
