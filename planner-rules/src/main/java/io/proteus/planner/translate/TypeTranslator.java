package io.proteus.planner.translate;

import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import org.apache.calcite.rel.type.RelDataType;

/** Maps Calcite's SQL types to the executor's {@link DataType}s. */
public final class TypeTranslator {

    private TypeTranslator() {
    }

    public static DataType toDataType(RelDataType type) {
        boolean nullable = type.isNullable();
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> DataType.bool(nullable);
            case TINYINT, SMALLINT, INTEGER -> DataType.integer(nullable);
            case BIGINT -> DataType.bigint(nullable);
            case FLOAT, REAL, DOUBLE -> DataType.doubleType(nullable);
            case DECIMAL -> DataType.decimal(type.getPrecision(), type.getScale(), nullable);
            case DATE -> DataType.date(nullable);
            case CHAR, VARCHAR -> DataType.varchar(nullable);
            case NULL -> DataType.of(TypeKind.NULL, true);
            default -> throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "Type not supported: " + type.getFullTypeString());
        };
    }
}
