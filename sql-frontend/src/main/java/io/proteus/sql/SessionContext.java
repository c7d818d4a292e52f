package io.proteus.sql;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/** The defaults a statement is resolved against: current catalog and schema, and the session's properties. */
public record SessionContext(String catalog, String schema, Map<String, String> properties) {

    public SessionContext {
        properties = Map.copyOf(requireNonNull(properties, "properties"));
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }
}
