package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

/**
 * A result column as the HTTP API returns it.
 *
 * @param name the column name
 * @param type the SQL type, e.g. {@code DECIMAL(7, 2)} or {@code VARCHAR}
 */
public record ResultColumn(String name, String type) {

    public ResultColumn {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }
}
