package io.proteus.executor.expression;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.date;
import static io.proteus.executor.testing.TestData.decimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.testing.ExpressionTester;
import io.proteus.executor.type.DataType;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DateAndRoundTest extends ArrowTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType DOUBLE = DataType.doubleType(true);
    private static final DataType DATE = DataType.date(true);

    private ExpressionTester tester;

    @BeforeEach
    void setUp() {
        tester = new ExpressionTester(allocator);
    }

    @Test
    void extractFieldsAcrossCalendarEdges() {
        Object[] dates = {date("2000-02-29"), date("1969-12-31"), date("1900-03-01"), date("2024-12-31"),
            date("0001-01-01"), null};
        assertThat(tester.evaluateColumn(call(ScalarFunction.EXTRACT_YEAR, BIGINT, ref(0, DATE)), DATE, dates))
                .isEqualTo(Arrays.asList(2000L, 1969L, 1900L, 2024L, 1L, null));
        assertThat(tester.evaluateColumn(call(ScalarFunction.EXTRACT_MONTH, BIGINT, ref(0, DATE)), DATE, dates))
                .isEqualTo(Arrays.asList(2L, 12L, 3L, 12L, 1L, null));
        assertThat(tester.evaluateColumn(call(ScalarFunction.EXTRACT_DAY, INT, ref(0, DATE)), DATE, dates))
                .isEqualTo(Arrays.asList(29, 31, 1, 31, 1, null));
        for (int days = -800_000; days < 800_000; days += 997) {
            LocalDate expected = LocalDate.ofEpochDay(days);
            long civil = io.proteus.executor.column.Dates.civil(days);
            assertThat(civil).isEqualTo(expected.getYear() * 10000L + (expected.getYear() < 0 ? -1 : 1)
                    * (expected.getMonthValue() * 100L + expected.getDayOfMonth()));
        }
    }

    @Test
    void datePlusDays() {
        var plus = call(ScalarFunction.DATE_PLUS_DAYS, DATE, ref(0, DATE), literal("30", INT));
        assertThat(tester.evaluateColumn(plus, DATE, date("2000-02-15"), null)).isEqualTo(Arrays.asList(date("2000-03-16"), null));
        var minus = call(ScalarFunction.DATE_PLUS_DAYS, DATE, ref(0, DATE), literal("-366", BIGINT));
        assertThat(tester.evaluateColumn(minus, DATE, date("2001-01-01"))).containsExactly(date("2000-01-01"));
    }

    @Test
    void roundDecimalHalfAwayFromZero() {
        DataType decimalType = DataType.decimal(7, 2, true);
        var round = call(ScalarFunction.ROUND, decimalType, ref(0, decimalType), literal("1", INT));
        assertThat(tester.evaluateColumn(round, decimalType, decimal("1.25"), decimal("-1.25"), decimal("1.24"), null))
                .isEqualTo(Arrays.asList(decimal("1.30"), decimal("-1.30"), decimal("1.20"), null));
        var toInteger = call(ScalarFunction.ROUND, DataType.decimal(6, 0, true), ref(0, decimalType));
        assertThat(tester.evaluateColumn(toInteger, decimalType, decimal("2.50"), decimal("-2.50"))).containsExactly(decimal("3"),
                decimal("-3"));
        var negativePlaces = call(ScalarFunction.ROUND, decimalType, ref(0, decimalType), literal("-1", INT));
        assertThat(tester.evaluateColumn(negativePlaces, decimalType, decimal("15.00"), decimal("-14.99")))
                .containsExactly(decimal("20.00"), decimal("-10.00"));
    }

    @Test
    void roundDoubleAndIntegers() {
        var round = call(ScalarFunction.ROUND, DOUBLE, ref(0, DOUBLE), literal("2", INT));
        assertThat(tester.evaluateColumn(round, DOUBLE, 1.005, -2.345, 0.5)).containsExactly(1.0, -2.35, 0.5);
        var whole = call(ScalarFunction.ROUND, DOUBLE, ref(0, DOUBLE));
        assertThat(tester.evaluateColumn(whole, DOUBLE, 2.5, -2.5, 0.49999)).containsExactly(3.0, -3.0, 0.0);
        var integer = call(ScalarFunction.ROUND, BIGINT, ref(0, BIGINT), literal("-2", INT));
        assertThat(tester.evaluateColumn(integer, BIGINT, 1250L, -1250L, 1249L)).containsExactly(1300L, -1300L, 1200L);
    }
}
