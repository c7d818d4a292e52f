package io.proteus.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * The {@link Wrapper} methods of the driver's JDBC objects, which wrap nothing: each unwraps only to the interfaces it
 * implements itself (such as {@link ProteusStatement}).
 */
interface SelfWrapper extends Wrapper {

    @Override
    default <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper for " + iface.getName(), SqlErrors.GENERAL_ERROR);
    }

    @Override
    default boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
