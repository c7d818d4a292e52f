package io.proteus.executor.expression;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.DataException;
import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.testing.ExpressionTester;
import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArithmeticTest extends ArrowTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType DOUBLE = DataType.doubleType(true);

    private ExpressionTester tester;

    @BeforeEach
    void setUp() {
        tester = new ExpressionTester(allocator);
    }

    private static DataType decimalType(int precision, int scale) {
        return DataType.decimal(precision, scale, true);
    }

    @Test
    void integerArithmeticWithNulls() {
        List<Object> sums = tester.evaluate(call(ScalarFunction.ADD, INT, ref(0, INT), ref(1, INT)), types(INT, INT),
                List.of(row(1, 2), row(null, 3), row(-5, null), row(Integer.MAX_VALUE - 1, 1)));
        assertThat(sums).containsExactly(3, null, null, Integer.MAX_VALUE);
        assertThat(tester.evaluate(call(ScalarFunction.DIVIDE, INT, ref(0, INT), ref(1, INT)), types(INT, INT),
                List.of(row(7, 2), row(-7, 2), row(7, -2)))).containsExactly(3, -3, -3);
        assertThat(tester.evaluate(call(ScalarFunction.MODULO, INT, ref(0, INT), ref(1, INT)), types(INT, INT),
                List.of(row(7, 3), row(-7, 3), row(7, -3)))).containsExactly(1, -1, 1);
    }

    @Test
    void integerOverflowIsAnError() {
        assertThatThrownBy(() -> tester.evaluate(call(ScalarFunction.ADD, INT, ref(0, INT), ref(1, INT)), types(INT, INT),
                List.of(row(Integer.MAX_VALUE, 1)))).isInstanceOf(DataException.class).hasMessage("integer overflow");
        assertThatThrownBy(() -> tester.evaluate(call(ScalarFunction.MULTIPLY, BIGINT, ref(0, BIGINT), ref(1, BIGINT)),
                types(BIGINT, BIGINT), List.of(row(Long.MAX_VALUE / 2, 3L)))).hasMessage("bigint overflow");
        assertThatThrownBy(() -> tester.evaluate(call(ScalarFunction.NEGATE, BIGINT, ref(0, BIGINT)), types(BIGINT),
                List.of(row(Long.MIN_VALUE)))).hasMessage("bigint overflow");
    }

    @Test
    void overflowInNullRowsIsIgnored() {
        // The null row's value slot holds garbage that would overflow; it must not be computed.
        List<Object> result = tester.evaluate(call(ScalarFunction.ADD, INT, ref(0, INT), ref(1, INT)), types(INT, INT),
                List.of(row(1, 1), row(null, Integer.MAX_VALUE)));
        assertThat(result).containsExactly(2, null);
    }

    @Test
    void divisionByZeroIsAnError() {
        for (DataType type : List.of(INT, BIGINT, DOUBLE, decimalType(5, 2))) {
            Object one = switch (type.kind()) {
                case INTEGER -> 1;
                case BIGINT -> 1L;
                case DOUBLE -> 1.0;
                default -> decimal("1.00");
            };
            Object zero = switch (type.kind()) {
                case INTEGER -> 0;
                case BIGINT -> 0L;
                case DOUBLE -> 0.0;
                default -> decimal("0.00");
            };
            assertThatThrownBy(() -> tester.evaluate(call(ScalarFunction.DIVIDE, type, ref(0, type), ref(1, type)),
                    types(type, type), List.of(row(one, zero)))).isInstanceOf(DataException.class).hasMessage("division by zero");
            assertThatThrownBy(() -> tester.evaluate(call(ScalarFunction.MODULO, type, ref(0, type), ref(1, type)),
                    types(type, type), List.of(row(one, zero)))).hasMessage("division by zero");
        }
    }

    @Test
    void mixedIntegerWidthsAreWidened() {
        assertThat(tester.evaluate(call(ScalarFunction.ADD, BIGINT, ref(0, INT), ref(1, BIGINT)), types(INT, BIGINT),
                List.of(row(Integer.MAX_VALUE, 1L)))).containsExactly(Integer.MAX_VALUE + 1L);
    }

    @Test
    void doubleArithmetic() {
        assertThat(tester.evaluate(call(ScalarFunction.MULTIPLY, DOUBLE, ref(0, DOUBLE), ref(1, INT)), types(DOUBLE, INT),
                List.of(row(1.5, 2), row(null, 1)))).containsExactly(3.0, null);
    }

    @Test
    void decimalAddRescalesToResultScale() {
        List<Object> result = tester.evaluate(call(ScalarFunction.ADD, decimalType(9, 3), ref(0, decimalType(7, 2)), ref(1, decimalType(5, 3))),
                types(decimalType(7, 2), decimalType(5, 3)), List.of(row(decimal("1.25"), decimal("0.001")), row(decimal("-99999.99"),
                        decimal("-1.000")), row(null, decimal("1.000"))));
        assertThat(result).containsExactly(decimal("1.251"), decimal("-100000.990"), null);
        assertThat(tester.evaluate(call(ScalarFunction.SUBTRACT, decimalType(8, 2), ref(0, decimalType(7, 2)), ref(1, INT)),
                types(decimalType(7, 2), INT), List.of(row(decimal("10.50"), 3)))).containsExactly(decimal("7.50"));
    }

    @Test
    void decimalMultiplyAndDivide() {
        assertThat(tester.evaluate(call(ScalarFunction.MULTIPLY, decimalType(15, 4), ref(0, decimalType(7, 2)), ref(1, decimalType(7, 2))),
                types(decimalType(7, 2), decimalType(7, 2)), List.of(row(decimal("1.25"), decimal("-2.50")))))
                .containsExactly(decimal("-3.1250"));
        // Product rescaled to a smaller result scale rounds half away from zero.
        assertThat(tester.evaluate(call(ScalarFunction.MULTIPLY, decimalType(15, 2), ref(0, decimalType(7, 2)), ref(1, decimalType(7, 2))),
                types(decimalType(7, 2), decimalType(7, 2)), List.of(row(decimal("1.25"), decimal("-2.50")), row(decimal("1.01"),
                        decimal("1.01"))))).containsExactly(decimal("-3.13"), decimal("1.02"));
        assertThat(tester.evaluate(call(ScalarFunction.DIVIDE, decimalType(10, 4), ref(0, decimalType(7, 2)), ref(1, decimalType(7, 2))),
                types(decimalType(7, 2), decimalType(7, 2)), List.of(row(decimal("1.00"), decimal("3.00")), row(decimal("2.00"),
                        decimal("3.00")), row(decimal("-2.00"), decimal("3.00")), row(decimal("0.01"), decimal("0.08")))))
                .containsExactly(decimal("0.3333"), decimal("0.6667"), decimal("-0.6667"), decimal("0.1250"));
        assertThat(tester.evaluate(call(ScalarFunction.MODULO, decimalType(5, 2), ref(0, decimalType(7, 2)), ref(1, decimalType(5, 1))),
                types(decimalType(7, 2), decimalType(5, 1)), List.of(row(decimal("10.25"), decimal("3.0")), row(decimal("-10.25"),
                        decimal("3.0"))))).containsExactly(decimal("1.25"), decimal("-1.25"));
    }

    @Test
    void decimalOverflowIsAnError() {
        assertThatThrownBy(() -> tester.evaluate(call(ScalarFunction.ADD, decimalType(5, 2), ref(0, decimalType(5, 2)), ref(1, decimalType(5, 2))),
                types(decimalType(5, 2), decimalType(5, 2)), List.of(row(decimal("999.99"), decimal("0.01")))))
                .isInstanceOf(DataException.class).hasMessage("decimal overflow");
        assertThatThrownBy(() -> tester.evaluate(call(ScalarFunction.MULTIPLY, decimalType(38, 0), ref(0, decimalType(38, 0)),
                ref(1, decimalType(38, 0))), types(decimalType(38, 0), decimalType(38, 0)),
                List.of(row(new BigDecimal("1" + "0".repeat(20)), new BigDecimal("1" + "0".repeat(20))))))
                .hasMessage("decimal overflow");
    }

    @Test
    void decimalsBeyondSixtyFourBits() {
        BigDecimal big = new BigDecimal("12345678901234567890123456.78");
        BigDecimal negative = new BigDecimal("-98765432109876543210.12");
        List<Object> sums = tester.evaluate(call(ScalarFunction.ADD, decimalType(38, 2), ref(0, decimalType(38, 2)), ref(1, decimalType(38, 2))),
                types(decimalType(38, 2), decimalType(38, 2)), List.of(row(big, negative), row(decimal("9223372036854775807.00"),
                        decimal("1.00"))));
        assertThat(sums).containsExactly(big.add(negative), new BigDecimal("9223372036854775808.00"));
        List<Object> quotients = tester.evaluate(call(ScalarFunction.DIVIDE, decimalType(38, 6), ref(0, decimalType(38, 2)),
                ref(1, decimalType(10, 0))), types(decimalType(38, 2), decimalType(10, 0)), List.of(row(big, decimal("7"))));
        assertThat(quotients).containsExactly(big.divide(decimal("7"), 6, java.math.RoundingMode.HALF_UP));
        List<Object> products = tester.evaluate(call(ScalarFunction.MULTIPLY, decimalType(38, 4), ref(0, decimalType(20, 2)),
                ref(1, decimalType(20, 2))), types(decimalType(20, 2), decimalType(20, 2)),
                List.of(row(decimal("99999999999999999.99"), decimal("-99999999999999999.99"))));
        assertThat(products).containsExactly(decimal("99999999999999999.99").multiply(decimal("-99999999999999999.99")));
    }

    @Test
    void absNegateAndConstantFolding() {
        assertThat(tester.evaluate(call(ScalarFunction.ABS, decimalType(7, 2), ref(0, decimalType(7, 2))), types(decimalType(7, 2)),
                List.of(row(decimal("-1.50")), row(decimal("2.00")), row(null))))
                .containsExactly(decimal("1.50"), decimal("2.00"), null);
        assertThat(tester.evaluate(call(ScalarFunction.NEGATE, DOUBLE, literal("2.5", DOUBLE)))).isEqualTo(-2.5);
        assertThat(tester.evaluate(call(ScalarFunction.ADD, INT, literal("1", INT), literal("2", INT)))).isEqualTo(3);
    }

    @Test
    void dateArithmeticTolerance() {
        DataType date = DataType.date(true);
        assertThat(tester.evaluate(call(ScalarFunction.SUBTRACT, BIGINT, ref(0, date), ref(1, date)), types(date, date),
                List.of(row(java.time.LocalDate.of(2000, 3, 1), java.time.LocalDate.of(2000, 2, 1)))))
                .isEqualTo(Arrays.asList(29L));
    }
}
