package io.proteus.executor.operator;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.DataException;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.testing.TestData;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BasicOperatorTest extends OperatorTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);

    private static List<List<Object>> sequence(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(i % 7 == 0 ? null : i, "s" + i, decimal(i + ".25")));
        }
        return rows;
    }

    @Test
    void filterKeepsTrueRowsAcrossBatches() {
        BatchSource source = BatchSource.chunked(allocator, types(INT, TEXT, DEC), sequence(100), 30);
        var condition = call(ScalarFunction.GREATER_THAN, BOOL, call(ScalarFunction.MODULO, INT, ref(0, INT),
                literal("3", INT)), literal("0", INT));
        try (FilterOperator filter = new FilterOperator(context(), source, condition)) {
            List<List<Object>> rows = drain(filter);
            List<List<Object>> expected = sequence(100).stream()
                    .filter(r -> r.get(0) != null && (Integer) r.get(0) % 3 > 0).toList();
            assertThat(rows).isEqualTo(expected);
        }
        assertThat(source.closed()).isTrue();
    }

    @Test
    void filterPassesOrDropsWholeBatches() {
        BatchSource all = BatchSource.of(allocator, types(INT), List.of(row(1), row(2)));
        try (FilterOperator filter = new FilterOperator(context(), all,
                call(ScalarFunction.IS_NOT_NULL, BOOL, ref(0, INT)))) {
            assertThat(drain(filter)).hasSize(2);
        }
        BatchSource none = BatchSource.of(allocator, types(INT), List.of(row(1), row((Object) null)));
        try (FilterOperator filter = new FilterOperator(context(), none, literal("false", DataType.bool(false)))) {
            assertThat(drain(filter)).isEmpty();
            assertThat(none.pulled()).isZero();
        }
    }

    @Test
    void projectComputesAndMovesColumns() {
        BatchSource source = BatchSource.of(allocator, types(INT, TEXT, DEC),
                List.of(row(1, "a", decimal("1.50")), row(null, "b", null)));
        var expressions = List.of(ref(1, TEXT), call(ScalarFunction.MULTIPLY, DataType.decimal(12, 2, true), ref(2, DEC),
                ref(0, INT)), ref(1, TEXT), literal("x", TEXT));
        try (ProjectOperator project = new ProjectOperator(context(), source, new ArrayList<>(expressions))) {
            assertThat(drain(project)).containsExactly(row("a", decimal("1.50"), "a", "x"), row("b", null, "b", "x"));
        }
    }

    @Test
    void projectWithFusedFilterEvaluatesKeptRowsOnly() {
        BatchSource source = BatchSource.chunked(allocator, types(INT, TEXT, DEC), sequence(100), 30);
        // 100 / (x % 5) would divide by zero for the rows the filter removes.
        var keep = call(ScalarFunction.NOT_EQUAL, BOOL, call(ScalarFunction.MODULO, INT, ref(0, INT), literal("5", INT)),
                literal("0", INT));
        var expressions = List.of(ref(1, TEXT), call(ScalarFunction.DIVIDE, INT, literal("100", INT),
                call(ScalarFunction.MODULO, INT, ref(0, INT), literal("5", INT))), ref(1, TEXT));
        try (ProjectOperator project = new ProjectOperator(context(), source, new ArrayList<>(expressions), keep)) {
            List<List<Object>> expected = sequence(100).stream().filter(r -> r.get(0) != null && (Integer) r.get(0) % 5 != 0)
                    .map(r -> row(r.get(1), 100 / ((Integer) r.get(0) % 5), r.get(1))).toList();
            assertThat(drain(project)).isEqualTo(expected);
        }
    }

    @Test
    void projectErrorsPropagateWithoutLeaks() {
        BatchSource source = BatchSource.of(allocator, types(INT), List.of(row(1), row(0)));
        try (ProjectOperator project = new ProjectOperator(context(), source,
                List.of(call(ScalarFunction.DIVIDE, INT, literal("1", INT), ref(0, INT))))) {
            assertThatThrownBy(() -> drain(project)).isInstanceOf(DataException.class).hasMessage("division by zero");
        }
    }

    @Test
    void limitWithOffsetStopsPulling() {
        BatchSource source = BatchSource.chunked(allocator, types(INT, TEXT, DEC), sequence(100), 10);
        try (LimitOperator limit = new LimitOperator(context(), source, 15, 12)) {
            List<List<Object>> rows = drain(limit);
            assertThat(rows).isEqualTo(sequence(100).subList(15, 27));
            assertThat(source.pulled()).isEqualTo(3);
        }
        BatchSource zero = BatchSource.chunked(allocator, types(INT, TEXT, DEC), sequence(10), 5);
        try (LimitOperator limit = new LimitOperator(context(), zero, 0, 0)) {
            assertThat(drain(limit)).isEmpty();
            assertThat(zero.pulled()).isZero();
        }
        BatchSource offsetOnly = BatchSource.chunked(allocator, types(INT, TEXT, DEC), sequence(10), 4);
        try (LimitOperator limit = new LimitOperator(context(), offsetOnly, 9, -1)) {
            assertThat(drain(limit)).isEqualTo(sequence(10).subList(9, 10));
        }
        BatchSource pastEnd = BatchSource.chunked(allocator, types(INT, TEXT, DEC), sequence(10), 4);
        try (LimitOperator limit = new LimitOperator(context(), pastEnd, 20, 5)) {
            assertThat(drain(limit)).isEmpty();
        }
    }

    @Test
    void valuesProducesTypedRows() {
        List<List<Literal>> rows = List.of(
                List.of(Literal.of(1), new Literal("2.5", DataType.decimal(2, 1, false)), Literal.of("x")),
                List.of(Literal.nullOf(INT), Literal.of(3), Literal.nullOf(TEXT)));
        try (ValuesOperator values = new ValuesOperator(context(), types(DataType.bigint(true), DEC, TEXT), rows)) {
            assertThat(drain(values)).containsExactly(row(1L, decimal("2.50"), "x"), row(null, decimal("3.00"), null));
        }
        try (ValuesOperator empty = new ValuesOperator(context(), types(INT), List.of())) {
            assertThat(TestData.drain(empty)).isEmpty();
        }
    }
}
