package io.proteus.executor.type;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The type of a column or expression as the executor sees it: a {@link TypeKind}, the precision and scale of decimals
 * (zero otherwise) and nullability. It is the contract between the planner, which derives types with Calcite, and the
 * operators, which pick their vector classes from it.
 */
public record DataType(TypeKind kind, int precision, int scale, boolean nullable) {

    /** The largest decimal precision a 128-bit decimal vector holds. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    public DataType {
        requireNonNull(kind, "kind");
        if (kind == TypeKind.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("invalid decimal(" + precision + ", " + scale + ")");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(kind + " has no precision or scale");
        }
    }

    public static DataType of(TypeKind kind, boolean nullable) {
        return new DataType(kind, 0, 0, nullable);
    }

    public static DataType decimal(int precision, int scale, boolean nullable) {
        return new DataType(TypeKind.DECIMAL, precision, scale, nullable);
    }

    public static DataType bool(boolean nullable) {
        return of(TypeKind.BOOLEAN, nullable);
    }

    public static DataType integer(boolean nullable) {
        return of(TypeKind.INTEGER, nullable);
    }

    public static DataType bigint(boolean nullable) {
        return of(TypeKind.BIGINT, nullable);
    }

    public static DataType doubleType(boolean nullable) {
        return of(TypeKind.DOUBLE, nullable);
    }

    public static DataType date(boolean nullable) {
        return of(TypeKind.DATE, nullable);
    }

    public static DataType varchar(boolean nullable) {
        return of(TypeKind.VARCHAR, nullable);
    }

    /** Returns this type with the given nullability. */
    public DataType withNullable(boolean newNullable) {
        return newNullable == nullable ? this : new DataType(kind, precision, scale, newNullable);
    }

    /** Returns the Arrow type that stores values of this type. */
    @JsonIgnore
    public ArrowType arrowType() {
        return switch (kind) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case NULL -> ArrowType.Null.INSTANCE;
        };
    }

    /** Returns an Arrow field of this type with the given name. */
    public Field toField(String name) {
        return new Field(name, new FieldType(nullable, arrowType(), null), null);
    }

    /** Returns the executor type of an Arrow field, rejecting Arrow types the executor does not handle. */
    public static DataType fromField(Field field) {
        return fromArrowType(field.getType(), field.isNullable());
    }

    /** Returns the executor type of an Arrow type. */
    public static DataType fromArrowType(ArrowType type, boolean nullable) {
        return switch (type) {
            case ArrowType.Bool ignored -> bool(nullable);
            case ArrowType.Int integerType when integerType.getBitWidth() <= 32 -> integer(nullable);
            case ArrowType.Int ignored -> bigint(nullable);
            case ArrowType.FloatingPoint ignored -> doubleType(nullable);
            case ArrowType.Decimal decimalType -> decimal(decimalType.getPrecision(), decimalType.getScale(), nullable);
            case ArrowType.Date ignored -> date(nullable);
            case ArrowType.Utf8 ignored -> varchar(nullable);
            case ArrowType.Null ignored -> of(TypeKind.NULL, true);
            default -> throw new IllegalArgumentException("unsupported Arrow type " + type);
        };
    }

    @Override
    public String toString() {
        String text = kind == TypeKind.DECIMAL ? "DECIMAL(" + precision + ", " + scale + ")" : kind.name();
        return nullable ? text : text + " NOT NULL";
    }
}
