package io.proteus.server.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code POST /v1/statement} as JSON: the SQL text and, optionally, the catalog and schema it resolves
 * against and session properties (strategy, objective, priority) for this statement only.
 *
 * @param sql the statement
 * @param catalog the default catalog, or null for the session's
 * @param schema the default schema, or null for the session's
 * @param properties session properties for this statement
 */
public record StatementRequest(String sql, String catalog, String schema, Map<String, String> properties) {

    @JsonCreator
    public StatementRequest(@JsonProperty("sql") String sql, @JsonProperty("catalog") String catalog,
            @JsonProperty("schema") String schema, @JsonProperty("properties") Map<String, String> properties) {
        this.sql = sql;
        this.catalog = catalog;
        this.schema = schema;
        this.properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
