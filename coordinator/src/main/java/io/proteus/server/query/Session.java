package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

import io.proteus.sql.SessionContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client session: the user it belongs to, its current catalog and schema, the properties it SET, and the user's
 * defaults (such as the priority), which per-call headers and SET override.
 */
public final class Session {

    private final String id;
    private final String user;
    private final Map<String, String> defaults;
    private volatile String catalog;
    private volatile String schema;
    private final Map<String, String> properties = new ConcurrentHashMap<>();

    /** A session of the anonymous user (authentication off), without defaults. */
    public Session(String id, String catalog, String schema) {
        this(id, "anonymous", catalog, schema, Map.of());
    }

    public Session(String id, String user, String catalog, String schema, Map<String, String> defaults) {
        this.id = requireNonNull(id, "id");
        this.user = requireNonNull(user, "user");
        this.defaults = Map.copyOf(defaults);
        this.catalog = catalog;
        this.schema = schema;
    }

    public String id() {
        return id;
    }

    /** The authenticated user the session belongs to ({@code anonymous} when authentication is off). */
    public String user() {
        return user;
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
        Map<String, String> merged = new java.util.HashMap<>(defaults);
        merged.putAll(propertyOverrides);
        merged.putAll(properties);
        return new SessionContext(catalogOverride != null ? catalogOverride : catalog,
                schemaOverride != null ? schemaOverride : schema, merged);
    }
}
