package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

import io.proteus.sql.ParsedStatement;
import io.proteus.sql.PlannedQuery;
import io.proteus.sql.SessionContext;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelNode;

/**
 * A statement parsed and planned, ready to run: the optimised plan and its decision workflow (for queries), and the
 * schema of the rows it will return (empty for SET), and how long parsing, validation and optimisation took.
 */
public record PreparedQuery(String sql, ParsedStatement statement, SessionContext context, PlannedQuery planned,
        RelNode workflowPlan, Schema resultSchema, double planningSeconds) {

    public PreparedQuery {
        requireNonNull(sql, "sql");
        requireNonNull(statement, "statement");
        requireNonNull(context, "context");
        requireNonNull(resultSchema, "resultSchema");
    }
}
