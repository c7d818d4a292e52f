package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Everything JDBC reports about one result column, taken from its Arrow {@link Field}: the type mapping of
 * {@link JdbcColumnType}, the field's nullability, and the optional Flight SQL column metadata (catalog, schema and
 * table names, type name, precision, scale, ...) a server may attach to the field.
 *
 * @param name the column name (also its label)
 * @param type the JDBC view of the column's type, adjusted by the Flight SQL metadata
 * @param nullable whether the column may contain nulls
 * @param catalogName the catalog of the column's table, or an empty string
 * @param schemaName the schema of the column's table, or an empty string
 * @param tableName the column's table, or an empty string
 * @param autoIncrement whether the server marked the column auto-increment
 * @param caseSensitive whether the column's values are case sensitive
 * @param searchable whether the column can be used in a WHERE clause
 * @param remarks the column's comment, or an empty string
 */
record ColumnDescription(
        String name,
        JdbcColumnType type,
        boolean nullable,
        String catalogName,
        String schemaName,
        String tableName,
        boolean autoIncrement,
        boolean caseSensitive,
        boolean searchable,
        String remarks) {

    ColumnDescription {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(remarks, "remarks is null");
    }

    /** Describes an Arrow field. */
    static ColumnDescription of(Field field) {
        JdbcColumnType type = JdbcColumnType.of(field.getType());
        Map<String, String> metadata = field.getMetadata();
        if (metadata == null || metadata.isEmpty()) {
            return new ColumnDescription(field.getName(), type, field.isNullable(), "", "", "", false,
                    type.className().equals(String.class.getName()), true, "");
        }
        FlightSqlColumnMetadata columnMetadata = new FlightSqlColumnMetadata(metadata);
        String typeName = columnMetadata.getTypeName() == null ? type.typeName() : columnMetadata.getTypeName();
        int precision = integerOr(() -> columnMetadata.getPrecision(), type.precision());
        int scale = integerOr(() -> columnMetadata.getScale(), type.scale());
        JdbcColumnType adjusted = new JdbcColumnType(type.sqlType(), typeName, precision, scale,
                adjustedDisplaySize(type, precision), type.className(), type.signed());
        return new ColumnDescription(
                field.getName(),
                adjusted,
                field.isNullable(),
                orEmpty(columnMetadata.getCatalogName()),
                orEmpty(columnMetadata.getSchemaName()),
                orEmpty(columnMetadata.getTableName()),
                booleanOr(() -> columnMetadata.isAutoIncrement(), false),
                booleanOr(() -> columnMetadata.isCaseSensitive(), type.className().equals(String.class.getName())),
                booleanOr(() -> columnMetadata.isSearchable(), true),
                orEmpty(columnMetadata.getRemarks()));
    }

    private static int adjustedDisplaySize(JdbcColumnType type, int precision) {
        if (precision == type.precision()) {
            return type.displaySize();
        }
        if (type.displaySize() == JdbcColumnType.UNBOUNDED && type.precision() == JdbcColumnType.UNBOUNDED) {
            return precision;
        }
        return type.displaySize();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int integerOr(MetadataValue<Integer> value, int fallback) {
        try {
            Integer result = value.get();
            return result == null ? fallback : result;
        } catch (RuntimeException malformed) {
            return fallback;
        }
    }

    private static boolean booleanOr(MetadataValue<Boolean> value, boolean fallback) {
        try {
            Boolean result = value.get();
            return result == null ? fallback : result;
        } catch (RuntimeException malformed) {
            return fallback;
        }
    }

    /** Reads one Flight SQL metadata value, which may be absent or malformed. */
    @FunctionalInterface
    private interface MetadataValue<T> {
        T get();
    }
}
