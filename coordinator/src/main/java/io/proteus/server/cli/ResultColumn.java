package io.proteus.server.cli;

import static java.util.Objects.requireNonNull;

import java.sql.Types;

/**
 * A result column as the shell prints it: its label and JDBC type.
 *
 * @param name the column label
 * @param jdbcType the {@link Types} constant of its values
 */
record ResultColumn(String name, int jdbcType) {

    ResultColumn {
        requireNonNull(name, "name");
    }

    /** True for numbers, which tables align to the right. */
    boolean numeric() {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                    Types.DECIMAL, Types.NUMERIC -> true;
            default -> false;
        };
    }
}
