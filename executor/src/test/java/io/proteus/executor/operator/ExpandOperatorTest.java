package io.proteus.executor.operator;

import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grouping-set expansion: every input row once per projection, NULLs and decimals kept, nothing leaked. */
class ExpandOperatorTest extends OperatorTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);

    /** Projection of set {@code index}: all input columns, the key column (or NULL outside the set), the set index. */
    private static List<Expression> projection(int index, boolean keyInSet) {
        return List.of(ref(0, INT), ref(1, TEXT), ref(2, DEC), keyInSet ? ref(1, TEXT) : Literal.nullOf(TEXT), Literal.of(index));
    }

    @Test
    void emitsEveryRowOncePerProjectionAcrossBatches() {
        List<List<Object>> input = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            input.add(row(i % 5 == 0 ? null : i, i % 3 == 0 ? null : "k" + i % 4, decimal(i + ".10")));
        }
        BatchSource source = BatchSource.chunked(allocator, types(INT, TEXT, DEC), input, 20);
        List<List<Expression>> projections = List.of(projection(0, true), projection(1, false));
        List<List<Object>> expected = new ArrayList<>();
        for (int start = 0; start < 50; start += 20) {
            for (int set = 0; set < 2; set++) {
                for (List<Object> row : input.subList(start, Math.min(50, start + 20))) {
                    expected.add(row(row.get(0), row.get(1), row.get(2), set == 0 ? row.get(1) : null, set));
                }
            }
        }
        try (ExpandOperator expand = new ExpandOperator(context(), source, projections)) {
            assertThat(drain(expand)).isEqualTo(expected);
        }
        assertThat(source.closed()).isTrue();
    }

    @Test
    void emptyInputGivesNoRows() {
        BatchSource source = BatchSource.of(allocator, types(INT, TEXT, DEC), List.of());
        try (ExpandOperator expand = new ExpandOperator(context(), source, List.of(projection(0, true), projection(1, false)))) {
            assertThat(drain(expand)).isEmpty();
        }
    }

    @Test
    void closingMidwayReleasesTheHeldInputBatch() {
        BatchSource source = BatchSource.of(allocator, types(INT, TEXT, DEC), List.of(row(1, "a", decimal("1.00"))));
        try (ExpandOperator expand = new ExpandOperator(context(), source, List.of(projection(0, true), projection(1, false)))) {
            try (var first = expand.next()) {
                assertThat(first.getRowCount()).isEqualTo(1);
            }
        }
        assertThat(source.closed()).isTrue();
    }
}
