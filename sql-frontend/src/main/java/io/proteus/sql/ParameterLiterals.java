package io.proteus.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;

/** Turns the Java value bound to a {@code ?} parameter into a SQL literal. */
final class ParameterLiterals {

    private ParameterLiterals() {
    }

    /** The literal for the value of the parameter with the given (zero-based) index. */
    static SqlNode literal(int index, Object value) {
        SqlParserPos position = SqlParserPos.ZERO;
        return switch (value) {
            case null -> SqlLiteral.createNull(position);
            case Boolean bool -> SqlLiteral.createBoolean(bool, position);
            case Byte number -> exact(new BigDecimal(number.intValue()));
            case Short number -> exact(new BigDecimal(number.intValue()));
            case Integer number -> exact(new BigDecimal(number));
            case Long number -> exact(new BigDecimal(number));
            case BigInteger number -> exact(new BigDecimal(number));
            case BigDecimal number -> exact(number);
            case Float number -> approximate(index, number.doubleValue());
            case Double number -> approximate(index, number);
            case LocalDate date -> SqlLiteral.createDate(DateString.fromDaysSinceEpoch((int) date.toEpochDay()), position);
            case CharSequence text -> characters(text.toString());
            default -> throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "Parameter " + (index + 1)
                    + ": values of type " + value.getClass().getSimpleName() + " are not supported");
        };
    }

    private static SqlNode exact(BigDecimal value) {
        SqlNumericLiteral magnitude = SqlLiteral.createExactNumeric(value.abs().toPlainString(), SqlParserPos.ZERO);
        return value.signum() < 0 ? SqlLiteral.createNegative(magnitude, SqlParserPos.ZERO) : magnitude;
    }

    private static SqlNode approximate(int index, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ProteusSqlException(QueryError.VALIDATION, "Parameter " + (index + 1) + " is " + value
                    + ", which has no SQL literal");
        }
        SqlNumericLiteral magnitude = SqlLiteral.createApproxNumeric(Double.toString(Math.abs(value)),
                SqlParserPos.ZERO);
        return value < 0 ? SqlLiteral.createNegative(magnitude, SqlParserPos.ZERO) : magnitude;
    }

    /** True for a character literal outside Calcite's default character set (see {@link #literal}). */
    static boolean isUnicodeText(SqlNode literal) {
        return literal instanceof SqlCharStringLiteral text && text.getValueAs(NlsString.class).getCharsetName() != null
                && !text.getValueAs(NlsString.class).getCharsetName().equals(StandardCharsets.ISO_8859_1.name());
    }

    private static SqlNode characters(String text) {
        // Calcite's default character set is ISO-8859-1; text outside it needs a UTF-8 literal.
        boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(text);
        return latin1 ? SqlLiteral.createCharString(text, SqlParserPos.ZERO)
                : SqlLiteral.createCharString(text, "UTF8", SqlParserPos.ZERO);
    }
}
