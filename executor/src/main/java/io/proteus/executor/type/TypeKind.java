package io.proteus.executor.type;

/** The logical kinds of values that flow between Proteus operators; each maps to one Arrow vector class. */
public enum TypeKind {
    /** {@code BOOLEAN}, stored in a {@code BitVector}. */
    BOOLEAN,
    /** 32-bit signed integer ({@code INTEGER}, also used for {@code SMALLINT}/{@code TINYINT}), {@code IntVector}. */
    INTEGER,
    /** 64-bit signed integer, {@code BigIntVector}. */
    BIGINT,
    /** IEEE 754 double, {@code Float8Vector}. */
    DOUBLE,
    /** Exact decimal with a precision and scale, {@code DecimalVector} (128-bit). */
    DECIMAL,
    /** Date as days since 1970-01-01, {@code DateDayVector}. */
    DATE,
    /** UTF-8 text ({@code CHAR} and {@code VARCHAR}), {@code VarCharVector}. */
    VARCHAR,
    /** The type of the {@code NULL} literal; only appears in literals. */
    NULL
}
