package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

import io.proteus.sql.SessionContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One client session: its current catalog and schema and the properties it SET. */
public final class Session {

    private final String id;
    private volatile String catalog;
    private volatile String schema;
    private final Map<String, String> properties = new ConcurrentHashMap<>();

    public Session(String id, String catalog, String schema) {
        this.id = requireNonNull(id, "id");
        this.catalog = catalog;
        this.schema = schema;
    }

    public String id() {
        return id;
    }

    /** The session's current catalog (null if none). */
    public String catalog() {
        return catalog;
    }

    /** The session's current schema (null if none). */
    public String schema() {
        return schema;
    }

    public void setCatalog(String catalog) {
        this.catalog = catalog;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public void setProperty(String name, String value) {
        if (value == null) {
            properties.remove(name);
        } else {
            properties.put(name, value);
        }
    }

    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** The context statements resolve against, with per-call overrides (headers) applied over the session's own. */
    public SessionContext context(String catalogOverride, String schemaOverride, Map<String, String> propertyOverrides) {
        Map<String, String> merged = new java.util.HashMap<>(propertyOverrides);
        merged.putAll(properties);
        return new SessionContext(catalogOverride != null ? catalogOverride : catalog,
                schemaOverride != null ? schemaOverride : schema, merged);
    }
}
