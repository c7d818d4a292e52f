package io.proteus.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small table built by the driver in the JDBC layout of a {@link java.sql.DatabaseMetaData} result, then turned
 * into an Arrow batch and served by an {@link ArrowResultSet} like any query result.
 *
 * <p>Columns are declared as {@code "NAME"} (VARCHAR) or {@code "NAME:type"} with type {@code int}, {@code short},
 * {@code long}, {@code boolean} or {@code double}.
 */
final class MetadataTable {
    private final List<Field> fields = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();

    private MetadataTable(String... columns) {
        for (String column : columns) {
            int colon = column.indexOf(':');
            String name = colon < 0 ? column : column.substring(0, colon);
            String kind = colon < 0 ? "text" : column.substring(colon + 1);
            fields.add(new Field(name, FieldType.nullable(arrowType(kind)), null));
        }
    }

    static MetadataTable of(String... columns) {
        return new MetadataTable(columns);
    }

    private static ArrowType arrowType(String kind) {
        switch (kind) {
            case "text":
                return ArrowType.Utf8.INSTANCE;
            case "int":
                return new ArrowType.Int(32, true);
            case "short":
                return new ArrowType.Int(16, true);
            case "long":
                return new ArrowType.Int(64, true);
            case "boolean":
                return ArrowType.Bool.INSTANCE;
            case "double":
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            default:
                throw new IllegalArgumentException("Unknown column kind " + kind);
        }
    }

    /** Adds a row; values are given in column order, {@code null} for SQL NULL. */
    MetadataTable row(Object... values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException("Expected " + fields.size() + " values, got " + values.length);
        }
        rows.add(values.clone());
        return this;
    }

    /** Sorts the rows by the given 0-based columns, nulls first (the order JDBC asks for). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    MetadataTable sortBy(int... columns) {
        Comparator<Object[]> order = (left, right) -> 0;
        for (int column : columns) {
            Comparator<Object[]> byColumn = Comparator.comparing(
                    (Object[] row) -> (Comparable) row[column], Comparator.nullsFirst(Comparator.naturalOrder()));
            order = order.thenComparing(byColumn);
        }
        rows.sort(order);
        return this;
    }

    /** Builds the result set; it is registered with the connection so that closing the connection closes it. */
    ResultSet toResultSet(ProteusConnection connection) throws SQLException {
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), connection.session().allocator());
        try {
            root.allocateNew();
            for (int row = 0; row < rows.size(); row++) {
                Object[] values = rows.get(row);
                for (int column = 0; column < values.length; column++) {
                    ParameterBinder.write(root.getVector(column), row, values[column]);
                }
            }
            root.setRowCount(rows.size());
        } catch (SQLException | RuntimeException e) {
            root.close();
            throw e;
        }
        ArrowResultSet resultSet = ArrowResultSet.ofBatch(root, connection::unregister);
        connection.register(resultSet);
        return resultSet;
    }
}
