package io.proteus.executor.expression;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A constant. The value travels as canonical text so that it is exact: {@code true}/{@code false} for booleans, decimal
 * digits for integers, {@link BigDecimal#toPlainString()} for decimals (with the type's scale), {@link Double#toString}
 * for doubles, ISO {@code yyyy-MM-dd} for dates and the characters themselves for text; {@code null} for SQL NULL.
 */
public record Literal(String value, DataType type) implements Expression {

    public Literal {
        requireNonNull(type, "type");
    }

    public static Literal nullOf(DataType type) {
        return new Literal(null, type.withNullable(true));
    }

    public static Literal of(boolean value) {
        return new Literal(Boolean.toString(value), DataType.bool(false));
    }

    public static Literal of(int value) {
        return new Literal(Integer.toString(value), DataType.integer(false));
    }

    public static Literal of(long value) {
        return new Literal(Long.toString(value), DataType.bigint(false));
    }

    public static Literal of(double value) {
        return new Literal(Double.toString(value), DataType.doubleType(false));
    }

    public static Literal of(String value) {
        return new Literal(requireNonNull(value, "value"), DataType.varchar(false));
    }

    public static Literal of(BigDecimal value) {
        return new Literal(value.toPlainString(), DataType.decimal(Math.max(value.precision(), value.scale() + 1), value.scale(), false));
    }

    public static Literal of(LocalDate value) {
        return new Literal(value.toString(), DataType.date(false));
    }

    public boolean isNull() {
        return value == null;
    }

    /** The value as a Java object: Boolean, Integer, Long, Double, BigDecimal, LocalDate, String, or null. */
    public Object toJavaValue() {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOLEAN -> Boolean.parseBoolean(value);
            case INTEGER -> Integer.parseInt(value);
            case BIGINT -> Long.parseLong(value);
            case DOUBLE -> Double.parseDouble(value);
            case DECIMAL -> new BigDecimal(value).setScale(type.scale());
            case DATE -> LocalDate.parse(value);
            case VARCHAR -> value;
            case NULL -> null;
        };
    }

    @Override
    public String toString() {
        if (value == null) {
            return "null:" + type.kind();
        }
        return type.kind() == TypeKind.VARCHAR ? "'" + value + "'" : value;
    }
}
