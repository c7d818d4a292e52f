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
import io.proteus.executor.type.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConditionalTest extends ArrowTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);

    private ExpressionTester tester;

    @BeforeEach
    void setUp() {
        tester = new ExpressionTester(allocator);
    }

    @Test
    void caseIsLazy() {
        // CASE WHEN x <> 0 THEN 100 / x WHEN x IS NULL THEN -1 ELSE 0 END: division by zero must not fire for x = 0.
        var expression = call(ScalarFunction.CASE, INT,
                call(ScalarFunction.NOT_EQUAL, BOOL, ref(0, INT), literal("0", INT)),
                call(ScalarFunction.DIVIDE, INT, literal("100", INT), ref(0, INT)),
                call(ScalarFunction.IS_NULL, BOOL, ref(0, INT)), literal("-1", INT),
                literal("0", INT));
        assertThat(tester.evaluateColumn(expression, INT, 0, 4, null, -50, 0)).containsExactly(0, 25, -1, -2, 0);
    }

    @Test
    void caseWithConstantErrorBranchIsNotFolded() {
        var expression = call(ScalarFunction.CASE, INT,
                call(ScalarFunction.GREATER_THAN, BOOL, ref(0, INT), literal("0", INT)),
                call(ScalarFunction.DIVIDE, INT, literal("1", INT), literal("0", INT)),
                ref(0, INT));
        assertThat(tester.evaluateColumn(expression, INT, -1, -2)).containsExactly(-1, -2);
        assertThatThrownBy(() -> tester.evaluateColumn(expression, INT, -1, 5)).isInstanceOf(DataException.class)
                .hasMessage("division by zero");
    }

    @Test
    void caseBranchesOfStringsAndDecimals() {
        var text = call(ScalarFunction.CASE, TEXT,
                call(ScalarFunction.LESS_THAN, BOOL, ref(0, INT), literal("0", INT)), literal("negative", TEXT),
                call(ScalarFunction.EQUAL, BOOL, ref(0, INT), literal("0", INT)), literal(null, TEXT),
                call(ScalarFunction.CAST, TEXT, ref(0, INT)));
        assertThat(tester.evaluateColumn(text, INT, -3, 0, 12, null)).isEqualTo(Arrays.asList("negative", null, "12", null));
        var decimals = call(ScalarFunction.CASE, DEC, call(ScalarFunction.IS_NULL, BOOL, ref(0, INT)),
                literal("0.50", DEC), ref(0, INT));
        assertThat(tester.evaluateColumn(decimals, INT, 3, null)).containsExactly(decimal("3.00"), decimal("0.50"));
    }

    @Test
    void coalesceIsLazy() {
        var expression = call(ScalarFunction.COALESCE, INT, ref(0, INT),
                call(ScalarFunction.DIVIDE, INT, literal("10", INT), ref(1, INT)), literal("7", INT));
        List<Object> result = tester.evaluate(expression, types(INT, INT),
                List.of(row(1, 0), row(null, 2), row(null, null), row(5, null)));
        assertThat(result).containsExactly(1, 5, 7, 5);
        assertThat(tester.evaluate(call(ScalarFunction.COALESCE, TEXT, ref(0, TEXT), ref(1, TEXT)), types(TEXT, TEXT),
                List.of(row(null, "b"), row("a", "b"), row(null, null)))).isEqualTo(Arrays.asList("b", "a", null));
    }

    @Test
    void nullIf() {
        assertThat(tester.evaluate(call(ScalarFunction.NULLIF, INT, ref(0, INT), ref(1, INT)), types(INT, INT),
                List.of(row(1, 1), row(1, 2), row(null, 1), row(3, null)))).isEqualTo(Arrays.asList(null, 1, null, 3));
    }

    @Test
    void inListWithNulls() {
        var in = call(ScalarFunction.IN, BOOL, ref(0, INT), literal("1", INT), literal("3", INT), literal("5", INT));
        assertThat(tester.evaluateColumn(in, INT, 1, 2, 5, null)).isEqualTo(Arrays.asList(true, false, true, null));
        var withNull = call(ScalarFunction.IN, BOOL, ref(0, INT), literal("1", INT),
                literal(null, DataType.of(TypeKind.NULL, true)));
        assertThat(tester.evaluateColumn(withNull, INT, 1, 2)).isEqualTo(Arrays.asList(true, null));
        var strings = call(ScalarFunction.IN, BOOL, ref(0, TEXT), literal("apple", TEXT), literal("pear", TEXT));
        assertThat(tester.evaluateColumn(strings, TEXT, "pear", "peach", "")).containsExactly(true, false, false);
        var decimals = call(ScalarFunction.IN, BOOL, ref(0, DEC), literal("1", INT), literal("2.5", DataType.decimal(2, 1, false)));
        assertThat(tester.evaluateColumn(decimals, DEC, decimal("1.00"), decimal("2.50"), decimal("2.51")))
                .containsExactly(true, true, false);
    }

    @Test
    void inManyLiteralsAndNonConstantItems() {
        List<Expression> operands = new ArrayList<>();
        operands.add(ref(0, DataType.bigint(true)));
        for (int i = 0; i < 200; i += 2) {
            operands.add(literal(Integer.toString(i), INT));
        }
        var in = new Call(ScalarFunction.IN, operands, BOOL);
        assertThat(tester.evaluateColumn(in, DataType.bigint(true), 0L, 1L, 198L, 200L)).containsExactly(true, false, true, false);
        var columns = call(ScalarFunction.IN, BOOL, ref(0, INT), ref(1, INT), literal("9", INT));
        assertThat(tester.evaluate(columns, types(INT, INT), List.of(row(1, 1), row(9, 2), row(3, 2), row(3, null))))
                .isEqualTo(Arrays.asList(true, true, false, null));
    }

    @Test
    void between() {
        var between = call(ScalarFunction.BETWEEN, BOOL, ref(0, INT), literal("2", INT), literal("4", INT));
        assertThat(tester.evaluateColumn(between, INT, 1, 2, 3, 4, 5, null))
                .isEqualTo(Arrays.asList(false, true, true, true, false, null));
        var computed = call(ScalarFunction.BETWEEN, BOOL, call(ScalarFunction.MULTIPLY, INT, ref(0, INT), literal("2", INT)),
                literal("2", INT), ref(1, INT));
        assertThat(tester.evaluate(computed, types(INT, INT), List.of(row(1, 3), row(2, 3), row(0, null), row(5, null))))
                .isEqualTo(Arrays.asList(true, false, false, null));
    }
}
