package io.proteus.executor.expression;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.date;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.testing.ExpressionTester;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ComparisonAndLogicTest extends ArrowTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType TEXT = DataType.varchar(true);

    private ExpressionTester tester;

    @BeforeEach
    void setUp() {
        tester = new ExpressionTester(allocator);
    }

    private List<Object> compare(ScalarFunction function, DataType leftType, DataType rightType, Object left, Object right) {
        return tester.evaluate(call(function, BOOL, ref(0, leftType), ref(1, rightType)), types(leftType, rightType),
                List.of(row(left, right)));
    }

    @Test
    void comparisonsOnEveryKind() {
        Object[][] pairs = {
            {INT, 1, 2}, {BIGINT, 1L, 2L}, {DataType.doubleType(true), 1.0, 2.0},
            {DataType.decimal(7, 2, true), decimal("1.00"), decimal("2.00")},
            {DataType.date(true), date("2020-01-01"), date("2020-01-02")}, {TEXT, "a", "b"}, {BOOL, false, true}
        };
        for (Object[] pair : pairs) {
            DataType type = (DataType) pair[0];
            assertThat(compare(ScalarFunction.LESS_THAN, type, type, pair[1], pair[2])).as(type.toString()).containsExactly(true);
            assertThat(compare(ScalarFunction.LESS_THAN_OR_EQUAL, type, type, pair[1], pair[1])).containsExactly(true);
            assertThat(compare(ScalarFunction.GREATER_THAN, type, type, pair[1], pair[2])).containsExactly(false);
            assertThat(compare(ScalarFunction.GREATER_THAN_OR_EQUAL, type, type, pair[2], pair[1])).containsExactly(true);
            assertThat(compare(ScalarFunction.EQUAL, type, type, pair[1], pair[2])).containsExactly(false);
            assertThat(compare(ScalarFunction.NOT_EQUAL, type, type, pair[1], pair[2])).containsExactly(true);
            assertThat(compare(ScalarFunction.EQUAL, type, type, pair[1], null)).containsExactly((Object) null);
        }
    }

    @Test
    void stringsCompareByCodePoint() {
        assertThat(compare(ScalarFunction.LESS_THAN, TEXT, TEXT, "Z", "a")).containsExactly(true);
        assertThat(compare(ScalarFunction.LESS_THAN, TEXT, TEXT, "abc", "abcd")).containsExactly(true);
        assertThat(compare(ScalarFunction.LESS_THAN, TEXT, TEXT, "\u00e9", "\uD83D\uDE00")).containsExactly(true);
        assertThat(compare(ScalarFunction.GREATER_THAN, TEXT, TEXT, "\u00e9", "z")).containsExactly(true);
    }

    @Test
    void mixedTypesAreAligned() {
        assertThat(compare(ScalarFunction.EQUAL, DataType.decimal(7, 2, true), DataType.decimal(5, 0, true), decimal("12.00"),
                decimal("12"))).containsExactly(true);
        assertThat(compare(ScalarFunction.LESS_THAN, DataType.decimal(7, 2, true), DataType.decimal(5, 0, true),
                decimal("11.99"), decimal("12"))).containsExactly(true);
        assertThat(compare(ScalarFunction.EQUAL, INT, BIGINT, 5, 5L)).containsExactly(true);
        assertThat(compare(ScalarFunction.LESS_THAN, INT, DataType.decimal(3, 1, true), 5, decimal("5.1"))).containsExactly(true);
        assertThat(compare(ScalarFunction.EQUAL, DataType.date(true), TEXT, date("2001-02-03"), "2001-02-03"))
                .containsExactly(true);
        assertThat(tester.evaluate(call(ScalarFunction.GREATER_THAN, BOOL, ref(0, INT), literal("2.5",
                DataType.decimal(2, 1, false))), types(INT), List.of(row(2), row(3)))).containsExactly(false, true);
    }

    private static final Boolean[] VALUES = {true, false, null};

    @Test
    void andOrNotTruthTables() {
        List<List<Object>> rows = new ArrayList<>();
        for (Boolean a : VALUES) {
            for (Boolean b : VALUES) {
                rows.add(row(a, b));
            }
        }
        List<Object> and = tester.evaluate(call(ScalarFunction.AND, BOOL, ref(0, BOOL), ref(1, BOOL)), types(BOOL, BOOL), rows);
        List<Object> or = tester.evaluate(call(ScalarFunction.OR, BOOL, ref(0, BOOL), ref(1, BOOL)), types(BOOL, BOOL), rows);
        assertThat(and).isEqualTo(Arrays.asList(true, false, null, false, false, false, null, false, null));
        assertThat(or).isEqualTo(Arrays.asList(true, true, true, true, false, null, true, null, null));
        List<Object> not = tester.evaluate(call(ScalarFunction.NOT, BOOL, ref(0, BOOL)), types(BOOL, BOOL), rows.subList(0, 9));
        assertThat(not).isEqualTo(Arrays.asList(false, false, false, true, true, true, null, null, null));
    }

    @Test
    void naryConjunctionSkipsDecidedRows() {
        // The second conjunct divides by the column: rows where the first conjunct is FALSE must not be evaluated.
        var condition = call(ScalarFunction.AND, BOOL,
                call(ScalarFunction.NOT_EQUAL, BOOL, ref(0, INT), literal("0", INT)),
                call(ScalarFunction.GREATER_THAN, BOOL, call(ScalarFunction.DIVIDE, INT, literal("10", INT), ref(0, INT)),
                        literal("2", INT)),
                call(ScalarFunction.IS_NOT_NULL, BOOL, ref(0, INT)));
        assertThat(tester.evaluateColumn(condition, INT, 0, 1, 5, null)).isEqualTo(Arrays.asList(false, true, false, false));
        var disjunction = call(ScalarFunction.OR, BOOL,
                call(ScalarFunction.EQUAL, BOOL, ref(0, INT), literal("0", INT)),
                call(ScalarFunction.GREATER_THAN, BOOL, call(ScalarFunction.DIVIDE, INT, literal("10", INT), ref(0, INT)),
                        literal("2", INT)));
        assertThat(tester.evaluateColumn(disjunction, INT, 0, 1, 5, null)).isEqualTo(Arrays.asList(true, true, false, null));
    }

    @Test
    void nullAndTruthTests() {
        List<List<Object>> rows = List.of(row(true), row(false), row((Object) null));
        assertThat(tester.evaluate(call(ScalarFunction.IS_NULL, BOOL, ref(0, BOOL)), types(BOOL), rows))
                .containsExactly(false, false, true);
        assertThat(tester.evaluate(call(ScalarFunction.IS_NOT_NULL, BOOL, ref(0, BOOL)), types(BOOL), rows))
                .containsExactly(true, true, false);
        assertThat(tester.evaluate(call(ScalarFunction.IS_TRUE, BOOL, ref(0, BOOL)), types(BOOL), rows))
                .containsExactly(true, false, false);
        assertThat(tester.evaluate(call(ScalarFunction.IS_NOT_TRUE, BOOL, ref(0, BOOL)), types(BOOL), rows))
                .containsExactly(false, true, true);
        assertThat(tester.evaluate(call(ScalarFunction.IS_FALSE, BOOL, ref(0, BOOL)), types(BOOL), rows))
                .containsExactly(false, true, false);
        assertThat(tester.evaluate(call(ScalarFunction.IS_NOT_FALSE, BOOL, ref(0, BOOL)), types(BOOL), rows))
                .containsExactly(true, false, true);
    }

    @Test
    void distinctFrom() {
        List<List<Object>> rows = List.of(row(1, 1), row(1, 2), row(null, 1), row(1, null), row(null, null));
        assertThat(tester.evaluate(call(ScalarFunction.IS_DISTINCT_FROM, BOOL, ref(0, INT), ref(1, INT)), types(INT, INT),
                rows)).containsExactly(false, true, true, true, false);
        assertThat(tester.evaluate(call(ScalarFunction.IS_NOT_DISTINCT_FROM, BOOL, ref(0, INT), ref(1, INT)),
                types(INT, INT), rows)).containsExactly(true, false, false, false, true);
        assertThat(tester.evaluate(call(ScalarFunction.IS_NOT_DISTINCT_FROM, BOOL, ref(0, TEXT), ref(1, TEXT)),
                types(TEXT, TEXT), List.of(row("a", "a"), row(null, "a"), row(null, null))))
                .containsExactly(true, false, true);
    }

    @Test
    void allNullColumns() {
        List<List<Object>> rows = List.of(row(null, null), row(null, null));
        assertThat(tester.evaluate(call(ScalarFunction.LESS_THAN, BOOL, ref(0, INT), ref(1, INT)), types(INT, INT), rows))
                .containsExactly(null, null);
        assertThat(tester.evaluate(call(ScalarFunction.EQUAL, BOOL, ref(0, INT), literal(null, DataType.of(
                io.proteus.executor.type.TypeKind.NULL, true))), types(INT, INT), List.of(row(1, 1))))
                .containsExactly((Object) null);
    }
}
