package io.proteus.executor.operator;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.operator.join.HashJoinOperator;
import io.proteus.executor.operator.join.MergeJoinOperator;
import io.proteus.executor.operator.join.NestedLoopJoinOperator;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.MergeJoinNode;
import io.proteus.executor.plan.NestedLoopJoinNode;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JoinTest extends OperatorTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final ValuesNode NONE = new ValuesNode(List.of(), List.of());

    private static final List<DataType> LEFT_TYPES = types(INT, INT, TEXT);
    private static final List<DataType> RIGHT_TYPES = types(INT, INT, TEXT);

    /** Left rows: key (duplicates, NULLs, a skewed key 7), value, label. */
    private static List<List<Object>> leftRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Integer key = i % 25 == 0 ? null : i % 3 == 0 ? 7 : i % 40;
            rows.add(row(key, i, "l" + i));
        }
        return rows;
    }

    private static List<List<Object>> rightRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Integer key = i % 31 == 0 ? null : i % 5 == 0 ? 7 : 20 + i % 45;
            rows.add(row(key, i * 3 % 200, "r" + i));
        }
        return rows;
    }

    /** The residual: left.value < right.value (columns 1 and 3 + 1 of the joined row). */
    private static final Expression RESIDUAL = call(ScalarFunction.LESS_THAN, BOOL, ref(1, INT), ref(4, INT));
    private static final BiPredicate<List<Object>, List<Object>> RESIDUAL_PREDICATE =
            (l, r) -> (Integer) l.get(1) < (Integer) r.get(1);

    /** The reference join over Java rows, equality on column 0 (NULL never matches) plus an optional residual. */
    private static List<List<Object>> reference(JoinType type, List<List<Object>> left, List<List<Object>> right,
            BiPredicate<List<Object>, List<Object>> residual, boolean equi) {
        List<List<Object>> out = new ArrayList<>();
        boolean[] rightMatched = new boolean[right.size()];
        for (List<Object> l : left) {
            boolean matched = false;
            for (int j = 0; j < right.size(); j++) {
                List<Object> r = right.get(j);
                boolean keys = !equi || (l.get(0) != null && r.get(0) != null && l.get(0).equals(r.get(0)));
                if (keys && (residual == null || residual.test(l, r))) {
                    matched = true;
                    rightMatched[j] = true;
                    if (type != JoinType.SEMI && type != JoinType.ANTI) {
                        List<Object> joined = new ArrayList<>(l);
                        joined.addAll(r);
                        out.add(joined);
                    }
                }
            }
            if ((type == JoinType.SEMI && matched) || (type == JoinType.ANTI && !matched)) {
                out.add(l);
            }
            if (!matched && (type == JoinType.LEFT || type == JoinType.FULL)) {
                List<Object> joined = new ArrayList<>(l);
                joined.addAll(Arrays.asList(new Object[right.isEmpty() ? 3 : right.getFirst().size()]));
                out.add(joined);
            }
        }
        if (type == JoinType.RIGHT || type == JoinType.FULL) {
            for (int j = 0; j < right.size(); j++) {
                if (!rightMatched[j]) {
                    List<Object> joined = new ArrayList<>(Arrays.asList(new Object[3]));
                    joined.addAll(right.get(j));
                    out.add(joined);
                }
            }
        }
        return sorted(out);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    private BatchSource left(List<List<Object>> rows) {
        return BatchSource.chunked(allocator, LEFT_TYPES, rows, 64);
    }

    private BatchSource right(List<List<Object>> rows) {
        return BatchSource.chunked(allocator, RIGHT_TYPES, rows, 50);
    }

    private List<List<Object>> hashJoin(JoinType type, JoinSide buildSide, Expression residual, List<List<Object>> leftRows,
            List<List<Object>> rightRows) {
        HashJoinNode node = new HashJoinNode(NONE, NONE, type, List.of(0), List.of(0), residual, buildSide);
        try (HashJoinOperator join = new HashJoinOperator(context(), left(leftRows), right(rightRows), node)) {
            return sorted(drain(join));
        }
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void hashJoinMatchesReferenceOnBothBuildSides(JoinType type) {
        List<List<Object>> expected = reference(type, leftRows(), rightRows(), null, true);
        assertThat(hashJoin(type, JoinSide.RIGHT, null, leftRows(), rightRows())).isEqualTo(expected);
        assertThat(hashJoin(type, JoinSide.LEFT, null, leftRows(), rightRows())).isEqualTo(expected);
        List<List<Object>> withResidual = reference(type, leftRows(), rightRows(), RESIDUAL_PREDICATE, true);
        assertThat(hashJoin(type, JoinSide.RIGHT, RESIDUAL, leftRows(), rightRows())).isEqualTo(withResidual);
        assertThat(hashJoin(type, JoinSide.LEFT, RESIDUAL, leftRows(), rightRows())).isEqualTo(withResidual);
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void hashJoinOutputsOnlyTheRequestedColumns(JoinType type) {
        boolean bothSides = type != JoinType.SEMI && type != JoinType.ANTI;
        // A left value and label, and (when the join outputs it) the right label: never the keys.
        int[] columns = bothSides ? new int[] {1, 2, 5} : new int[] {1, 2};
        List<List<Object>> expected = sorted(reference(type, leftRows(), rightRows(), RESIDUAL_PREDICATE, true).stream()
                .map(row -> Arrays.stream(columns).mapToObj(row::get).toList())
                .toList());
        for (JoinSide side : JoinSide.values()) {
            HashJoinNode node = new HashJoinNode(NONE, NONE, type, List.of(0), List.of(0), RESIDUAL, side);
            try (HashJoinOperator join = new HashJoinOperator(context(), left(leftRows()), right(rightRows()), node, columns)) {
                assertThat(join.types()).hasSize(columns.length);
                assertThat(sorted(drain(join))).as("build side %s", side).isEqualTo(expected);
            }
        }
    }

    @Test
    void outputColumnsMustBeIncreasingAndExist() {
        HashJoinNode node = new HashJoinNode(NONE, NONE, JoinType.INNER, List.of(0), List.of(0), null, JoinSide.RIGHT);
        for (int[] columns : List.of(new int[] {2, 1}, new int[] {0, 6}, new int[] {-1})) {
            BatchSource leftInput = left(leftRows());
            BatchSource rightInput = right(rightRows());
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new HashJoinOperator(context(), leftInput, rightInput, node, columns))
                        .isInstanceOf(IllegalArgumentException.class);
            } finally {
                leftInput.close();
                rightInput.close();
            }
        }
    }

    private static List<List<Object>> scaled(List<List<Object>> rows) {
        return rows.stream().map(r -> row(r.get(0) == null ? null : (Integer) r.get(0) * 100_000, r.get(1), r.get(2))).toList();
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void sparseIntegerKeysUseTheHashTable(JoinType type) {
        List<List<Object>> leftRows = scaled(leftRows());
        List<List<Object>> rightRows = scaled(rightRows());
        for (JoinSide side : JoinSide.values()) {
            assertThat(hashJoin(type, side, RESIDUAL, leftRows, rightRows))
                    .isEqualTo(reference(type, leftRows, rightRows, RESIDUAL_PREDICATE, true));
        }
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void mergeJoinMatchesReference(JoinType type) {
        for (Expression residual : Arrays.asList(null, RESIDUAL)) {
            MergeJoinNode node = new MergeJoinNode(NONE, NONE, type, List.of(0), List.of(0), residual);
            try (MergeJoinOperator join = new MergeJoinOperator(context(), left(leftRows()), right(rightRows()), node)) {
                assertThat(sorted(drain(join))).isEqualTo(reference(type, leftRows(), rightRows(),
                        residual == null ? null : RESIDUAL_PREDICATE, true));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void nestedLoopJoinMatchesReference(JoinType type) {
        try (NestedLoopJoinOperator join = new NestedLoopJoinOperator(context(), left(leftRows()), right(rightRows()),
                new NestedLoopJoinNode(NONE, NONE, type, RESIDUAL))) {
            assertThat(sorted(drain(join))).isEqualTo(reference(type, leftRows(), rightRows(), RESIDUAL_PREDICATE, false));
        }
        List<List<Object>> small = rightRows().subList(0, 7);
        try (NestedLoopJoinOperator join = new NestedLoopJoinOperator(context(), left(leftRows()), right(small),
                new NestedLoopJoinNode(NONE, NONE, type, null))) {
            assertThat(sorted(drain(join))).isEqualTo(reference(type, leftRows(), small, null, false));
        }
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void emptyInputs(JoinType type) {
        for (JoinSide side : JoinSide.values()) {
            assertThat(hashJoin(type, side, null, leftRows(), List.of())).isEqualTo(reference(type, leftRows(), List.of(),
                    null, true));
            assertThat(hashJoin(type, side, null, List.of(), rightRows())).isEqualTo(reference(type, List.of(), rightRows(),
                    null, true));
        }
        try (NestedLoopJoinOperator join = new NestedLoopJoinOperator(context(), left(leftRows()), right(List.of()),
                new NestedLoopJoinNode(NONE, NONE, type, null))) {
            assertThat(sorted(drain(join))).isEqualTo(reference(type, leftRows(), List.of(), null, false));
        }
    }

    @Test
    void manyToManyOutputIsChunked() {
        List<List<Object>> leftRows = new ArrayList<>();
        List<List<Object>> rightRows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            leftRows.add(row(1, i, "l"));
            rightRows.add(row(1, i, "r"));
        }
        HashJoinNode node = new HashJoinNode(NONE, NONE, JoinType.INNER, List.of(0), List.of(0), null, JoinSide.RIGHT);
        try (HashJoinOperator join = new HashJoinOperator(context(), left(leftRows), right(rightRows), node)) {
            List<Integer> sizes = io.proteus.executor.testing.TestData.batchSizes(join);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(160_000);
            assertThat(sizes).allMatch(size -> size <= Operator.TARGET_BATCH_ROWS);
        }
    }

    @Test
    void keysOfDifferentTypesAreAligned() {
        List<List<Object>> leftRows = List.of(row(1, "a"), row(2, "b"), row(null, "c"));
        List<List<Object>> rightRows = List.of(row(1L, decimal("1.00")), row(2L, decimal("2.50")), row(3L, decimal("3.00")));
        DataType decimalType = DataType.decimal(5, 2, true);
        HashJoinNode node = new HashJoinNode(NONE, NONE, JoinType.INNER, List.of(0), List.of(0), null, JoinSide.RIGHT);
        try (HashJoinOperator join = new HashJoinOperator(context(), BatchSource.of(allocator, types(INT, TEXT), leftRows),
                BatchSource.of(allocator, types(BIGINT, decimalType), rightRows), node)) {
            assertThat(sorted(drain(join))).containsExactly(row(1, "a", 1L, decimal("1.00")), row(2, "b", 2L, decimal("2.50")));
        }
        // INTEGER key against DECIMAL(5,2) key: 1 = 1.00 but 2 <> 2.50.
        HashJoinNode decimalNode = new HashJoinNode(NONE, NONE, JoinType.INNER, List.of(0), List.of(1), null, JoinSide.LEFT);
        try (HashJoinOperator join = new HashJoinOperator(context(), BatchSource.of(allocator, types(INT, TEXT), leftRows),
                BatchSource.of(allocator, types(BIGINT, decimalType), rightRows), decimalNode)) {
            assertThat(sorted(drain(join))).containsExactly(row(1, "a", 1L, decimal("1.00")));
        }
    }

    @Test
    void multiColumnStringKeys() {
        List<List<Object>> leftRows = List.of(row("a", 1, "x"), row("a", 2, "y"), row("b", 1, "z"), row(null, 1, "n"));
        List<List<Object>> rightRows = List.of(row("a", 1, "p"), row("a", 1, "q"), row("b", 2, "r"), row(null, 1, "s"));
        List<DataType> types = types(TEXT, INT, TEXT);
        for (JoinSide side : JoinSide.values()) {
            HashJoinNode node = new HashJoinNode(NONE, NONE, JoinType.LEFT, List.of(0, 1), List.of(0, 1), null, side);
            try (HashJoinOperator join = new HashJoinOperator(context(), BatchSource.of(allocator, types, leftRows),
                    BatchSource.of(allocator, types, rightRows), node)) {
                assertThat(sorted(drain(join))).isEqualTo(sorted(List.of(row("a", 1, "x", "a", 1, "p"),
                        row("a", 1, "x", "a", 1, "q"), row("a", 2, "y", null, null, null), row("b", 1, "z", null, null, null),
                        row(null, 1, "n", null, null, null))));
            }
        }
        MergeJoinNode merge = new MergeJoinNode(NONE, NONE, JoinType.FULL, List.of(0, 1), List.of(0, 1), null);
        try (MergeJoinOperator join = new MergeJoinOperator(context(), BatchSource.of(allocator, types, leftRows),
                BatchSource.of(allocator, types, rightRows), merge)) {
            List<List<Object>> rows = drain(join);
            assertThat(rows).hasSize(7);
            assertThat(rows.stream().filter(r -> Objects.equals(r.get(2), "x")).count()).isEqualTo(2);
        }
    }
}
