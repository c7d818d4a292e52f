package io.proteus.executor.operator;

import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UNION ALL inside a task: every input's rows in input order, NULLs and decimals as they are, inputs closed. */
class UnionAllOperatorTest extends OperatorTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);

    @Test
    void concatenatesTheInputsInOrderKeepingNullsAndDecimals() {
        List<List<Object>> first = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            first.add(row(i % 7 == 0 ? null : i, i % 5 == 0 ? null : "a" + i, i % 3 == 0 ? null : decimal(i + ".25")));
        }
        List<List<Object>> second = List.of(row(null, null, null), row(-1, "b", decimal("-99999.99")));
        BatchSource one = BatchSource.chunked(allocator, types(INT, TEXT, DEC), first, 20);
        BatchSource empty = BatchSource.of(allocator, types(INT, TEXT, DEC), List.of());
        // The second input declares its columns NOT NULL: the union passes its batches on as they are.
        BatchSource two = BatchSource.of(allocator, types(DataType.integer(false), TEXT, DEC), second);
        List<List<Object>> expected = new ArrayList<>(first);
        expected.addAll(second);
        try (UnionAllOperator union = new UnionAllOperator(List.of(one, empty, two), types(INT, TEXT, DEC))) {
            assertThat(drain(union)).isEqualTo(expected);
            // Exhausted inputs are closed at once, before the union itself is.
            assertThat(one.closed()).isTrue();
            assertThat(empty.closed()).isTrue();
        }
        assertThat(two.closed()).isTrue();
    }

    @Test
    void closingBeforeTheEndClosesEveryInput() {
        BatchSource one = BatchSource.of(allocator, types(INT), List.of(row(1), row(2)));
        BatchSource two = BatchSource.of(allocator, types(INT), List.of(row(3)));
        try (UnionAllOperator union = new UnionAllOperator(List.of(one, two), types(INT))) {
            try (var batch = union.next()) {
                assertThat(batch.getRowCount()).isEqualTo(2);
            }
        }
        assertThat(one.closed()).isTrue();
        assertThat(two.closed()).isTrue();
    }

    @Test
    void rejectsAnInputOfOtherValueTypes() {
        BatchSource one = BatchSource.of(allocator, types(INT), List.of());
        BatchSource two = BatchSource.of(allocator, types(DataType.decimal(7, 2, true)), List.of());
        assertThatThrownBy(() -> new UnionAllOperator(List.of(one, two), types(INT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("union input column 0");
        one.close();
        two.close();
    }
}
