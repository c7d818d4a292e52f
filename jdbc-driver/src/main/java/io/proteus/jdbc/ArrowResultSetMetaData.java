package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/** The columns of a result set, as described by the Arrow schema of the result (see {@link ColumnDescription}). */
final class ArrowResultSetMetaData implements ResultSetMetaData, SelfWrapper {
    private final List<ColumnDescription> columns;

    ArrowResultSetMetaData(List<ColumnDescription> columns) {
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    private ColumnDescription column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("Column index " + column + " is out of range (1 to " + columns.size() + ")",
                    SqlErrors.INVALID_DESCRIPTOR_INDEX);
        }
        return columns.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return column(column).autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return column(column).caseSensitive();
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return column(column).searchable();
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).nullable() ? columnNullable : columnNoNulls;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return column(column).type().signed();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return column(column).type().displaySize();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return column(column).schemaName();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return column(column).type().precision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).type().scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).tableName();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return column(column).catalogName();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).type().sqlType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).type().typeName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return column(column).type().className();
    }
}
