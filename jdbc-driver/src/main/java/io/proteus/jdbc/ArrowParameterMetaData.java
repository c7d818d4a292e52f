package io.proteus.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** The parameters of a prepared statement, as described by the server's Arrow parameter schema. */
final class ArrowParameterMetaData implements ParameterMetaData, SelfWrapper {
    private final List<ColumnDescription> parameters;

    ArrowParameterMetaData(List<Field> fields) {
        List<ColumnDescription> described = new ArrayList<>(fields.size());
        for (Field field : fields) {
            described.add(ColumnDescription.of(field));
        }
        this.parameters = List.copyOf(described);
    }

    private ColumnDescription parameter(int param) throws SQLException {
        if (param < 1 || param > parameters.size()) {
            throw new SQLException("Parameter index " + param + " is out of range (1 to " + parameters.size() + ")",
                    SqlErrors.INVALID_DESCRIPTOR_INDEX);
        }
        return parameters.get(param - 1);
    }

    @Override
    public int getParameterCount() {
        return parameters.size();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        return parameter(param).nullable() ? parameterNullable : parameterNoNulls;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return parameter(param).type().signed();
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return parameter(param).type().precision();
    }

    @Override
    public int getScale(int param) throws SQLException {
        return parameter(param).type().scale();
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return parameter(param).type().sqlType();
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return parameter(param).type().typeName();
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return parameter(param).type().className();
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        parameter(param);
        return parameterModeIn;
    }
}
