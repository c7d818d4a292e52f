package io.proteus.executor.expression;

/**
 * The scalar functions the executor implements. Operand conventions are given where they are not obvious; the planner
 * inserts {@link #CAST}s so that operands of arithmetic and comparisons have a common kind (decimals may differ in
 * precision and scale; the result type of the call says what to produce).
 */
public enum ScalarFunction {
    ADD,
    SUBTRACT,
    MULTIPLY,
    /** Division; integer division truncates toward zero, decimal division rounds half up to the result scale. */
    DIVIDE,
    MODULO,
    NEGATE,
    EQUAL,
    NOT_EQUAL,
    LESS_THAN,
    LESS_THAN_OR_EQUAL,
    GREATER_THAN,
    GREATER_THAN_OR_EQUAL,
    /** {@code a IS DISTINCT FROM b}: never null. */
    IS_DISTINCT_FROM,
    /** {@code a IS NOT DISTINCT FROM b}: never null. */
    IS_NOT_DISTINCT_FROM,
    /** N-ary conjunction with three-valued logic. */
    AND,
    /** N-ary disjunction with three-valued logic. */
    OR,
    NOT,
    IS_NULL,
    IS_NOT_NULL,
    IS_TRUE,
    IS_NOT_TRUE,
    IS_FALSE,
    IS_NOT_FALSE,
    /** Operands {@code when1, then1, when2, then2, ..., else}; the else operand is always present. */
    CASE,
    /** One operand, converted to the call's type. */
    CAST,
    /** Operand 0 is the value, the others are the list (usually literals); SQL semantics with NULLs. */
    IN,
    /** {@code value BETWEEN low AND high}: operands value, low, high (inclusive). */
    BETWEEN,
    /** Operands value, pattern and optionally the escape character; {@code %} and {@code _} wildcards. */
    LIKE,
    /** Operands string, start (1-based) and optionally length, as SQL SUBSTRING. */
    SUBSTRING,
    UPPER,
    LOWER,
    /** N-ary string concatenation ({@code ||}); null if any operand is null. */
    CONCAT,
    /** Operands: the string; removes leading and trailing spaces. */
    TRIM,
    /** Returns the first non-null operand. */
    COALESCE,
    /** Operands a and b: null if a = b, else a. */
    NULLIF,
    ABS,
    /** Operands value and optionally the number of decimal places (a literal); half away from zero. */
    ROUND,
    /** Number of characters of a string. */
    CHARACTER_LENGTH,
    /** Operands date and number of days (INTEGER or BIGINT): the date that many days later. */
    DATE_PLUS_DAYS,
    /** Year of a date, as BIGINT. */
    EXTRACT_YEAR,
    /** Month (1-12) of a date, as BIGINT. */
    EXTRACT_MONTH,
    /** Day of month of a date, as BIGINT. */
    EXTRACT_DAY
}
