package io.proteus.executor.expression;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.date;
import static io.proteus.executor.testing.TestData.decimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.DataException;
import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.testing.ExpressionTester;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CastTest extends ArrowTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType DOUBLE = DataType.doubleType(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DATE = DataType.date(true);

    private ExpressionTester tester;

    @BeforeEach
    void setUp() {
        tester = new ExpressionTester(allocator);
    }

    private List<Object> cast(DataType from, DataType to, Object... values) {
        return tester.evaluateColumn(call(ScalarFunction.CAST, to, ref(0, from)), from, values);
    }

    private static DataType decimalType(int precision, int scale) {
        return DataType.decimal(precision, scale, true);
    }

    @Test
    void textToNumbersAndDates() {
        assertThat(cast(TEXT, INT, "42", " -7 ", null)).isEqualTo(Arrays.asList(42, -7, null));
        assertThat(cast(TEXT, BIGINT, "9000000000")).containsExactly(9_000_000_000L);
        assertThat(cast(TEXT, DOUBLE, "1.5e3")).containsExactly(1500.0);
        assertThat(cast(TEXT, decimalType(7, 2), "12.345", "-0.005", "3")).containsExactly(decimal("12.35"), decimal("-0.01"),
                decimal("3.00"));
        assertThat(cast(TEXT, DATE, "2024-02-29")).containsExactly(date("2024-02-29"));
        assertThat(cast(TEXT, BOOL, "true", "F", "1")).containsExactly(true, false, true);
        assertThatThrownBy(() -> cast(TEXT, INT, "abc")).isInstanceOf(DataException.class)
                .hasMessage("cannot cast 'abc' to INTEGER");
        assertThatThrownBy(() -> cast(TEXT, DATE, "2024-13-01")).hasMessageContaining("to DATE");
        assertThatThrownBy(() -> cast(TEXT, decimalType(3, 2), "12.5")).hasMessage("decimal overflow");
    }

    @Test
    void valuesToText() {
        assertThat(cast(INT, TEXT, 42, -7, null)).isEqualTo(Arrays.asList("42", "-7", null));
        assertThat(cast(BIGINT, TEXT, Long.MIN_VALUE, 0L)).containsExactly("-9223372036854775808", "0");
        assertThat(cast(decimalType(7, 2), TEXT, decimal("-1.05"), decimal("0.00"), decimal("12345.60")))
                .containsExactly("-1.05", "0.00", "12345.60");
        assertThat(cast(decimalType(38, 2), TEXT, new BigDecimal("123456789012345678901234567890.12")))
                .containsExactly("123456789012345678901234567890.12");
        assertThat(cast(DATE, TEXT, date("1998-01-07"), date("0001-12-31"))).containsExactly("1998-01-07", "0001-12-31");
        assertThat(cast(BOOL, TEXT, true, false)).containsExactly("true", "false");
        assertThat(cast(DOUBLE, TEXT, 1.5)).containsExactly("1.5");
    }

    @Test
    void numericConversions() {
        assertThat(cast(INT, BIGINT, 5)).containsExactly(5L);
        assertThat(cast(BIGINT, INT, 5L)).containsExactly(5);
        assertThatThrownBy(() -> cast(BIGINT, INT, 1L << 40)).hasMessage("integer overflow");
        assertThat(cast(INT, decimalType(12, 2), 5, -3)).containsExactly(decimal("5.00"), decimal("-3.00"));
        assertThatThrownBy(() -> cast(INT, decimalType(3, 2), 10)).hasMessage("decimal overflow");
        assertThat(cast(INT, DOUBLE, 3)).containsExactly(3.0);
        assertThat(cast(DOUBLE, INT, 2.5, -2.5, 2.4)).containsExactly(3, -3, 2);
        assertThatThrownBy(() -> cast(DOUBLE, BIGINT, 1e30)).hasMessage("bigint overflow");
        assertThat(cast(DOUBLE, decimalType(5, 2), 1.005, -1.005, 0.125)).containsExactly(decimal("1.01"), decimal("-1.01"),
                decimal("0.13"));
        assertThat(cast(decimalType(7, 3), DOUBLE, decimal("1.125"))).containsExactly(1.125);
        assertThat(cast(decimalType(7, 2), INT, decimal("2.50"), decimal("-2.50"), decimal("2.49"))).containsExactly(3, -3, 2);
        assertThat(cast(BOOL, INT, true, false)).containsExactly(1, 0);
        assertThat(cast(INT, BOOL, 0, 7)).containsExactly(false, true);
    }

    @Test
    void decimalRescale() {
        assertThat(cast(decimalType(7, 3), decimalType(7, 1), decimal("1.250"), decimal("-1.250"), decimal("1.249")))
                .containsExactly(decimal("1.3"), decimal("-1.3"), decimal("1.2"));
        assertThat(cast(decimalType(7, 2), decimalType(9, 4), decimal("-12345.67"))).containsExactly(decimal("-12345.6700"));
        assertThatThrownBy(() -> cast(decimalType(7, 2), decimalType(6, 2), decimal("12345.67"))).hasMessage("decimal overflow");
        assertThat(cast(decimalType(7, 2), decimalType(6, 2), decimal("1234.56"))).containsExactly(decimal("1234.56"));
        assertThat(cast(decimalType(38, 0), decimalType(38, 10), new BigDecimal("1234567890123456789012345678")))
                .containsExactly(new BigDecimal("1234567890123456789012345678.0000000000"));
    }

    @Test
    void nullLiteralCastsToAnyType() {
        DataType nullType = DataType.of(TypeKind.NULL, true);
        for (DataType target : List.of(BOOL, INT, BIGINT, DOUBLE, decimalType(5, 1), DATE, TEXT)) {
            assertThat(tester.evaluate(call(ScalarFunction.CAST, target, literal(null, nullType)))).isNull();
        }
    }
}
