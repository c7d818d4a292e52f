package io.proteus.executor.operator;

import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.operator.aggregate.HashAggregateOperator;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateFunction;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.plan.GroupingSetsAggregateNode;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.task.TaskCodec;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * Grouping sets derived from one another: every set's groups, finished by a FINAL aggregation, equal a one-phase
 * aggregation of the raw rows on that set's keys; NULL key values stay apart from rolled-up NULLs (by the set index);
 * decimals stay exact; empty input gives the empty set's one row only; nothing leaks, also when closed midway.
 */
class GroupingSetsAggregateOperatorTest extends OperatorTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);
    private static final DataType DOUBLE = DataType.doubleType(true);
    private static final List<DataType> INPUT_TYPES = types(INT, TEXT, INT, DEC, DOUBLE);
    /** A dummy plan input: the operators get their input separately. */
    private static final ValuesNode NO_INPUT = new ValuesNode(List.of(), List.of());

    private static final List<AggregateCall> CALLS = List.of(
            AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
            AggregateCall.of(AggregateFunction.COUNT, DataType.bigint(false), 3),
            AggregateCall.of(AggregateFunction.SUM, DataType.decimal(38, 2, true), 3),
            AggregateCall.of(AggregateFunction.AVG, DataType.decimal(11, 6, true), 3),
            AggregateCall.of(AggregateFunction.MIN, TEXT, 1),
            AggregateCall.of(AggregateFunction.MAX, DEC, 3),
            AggregateCall.of(AggregateFunction.AVG, DOUBLE, 4),
            AggregateCall.of(AggregateFunction.ANY_VALUE, INT, 2));

    /** Rows with NULLs in every key and value column; column 2 depends on column 0 (for ANY_VALUE). */
    private static List<List<Object>> input(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Integer a = i % 7 == 0 ? null : i % 4;
            String b = i % 5 == 0 ? null : "b" + (i % 3);
            Integer c = i % 11 == 0 ? null : i % 2;
            rows.add(row(a, b, c, i % 6 == 0 ? null : decimal(i + "." + (i % 100 < 10 ? "0" : "") + (i % 100)),
                    i % 9 == 0 ? null : (double) (i % 13)));
        }
        return rows;
    }

    /**
     * Runs the grouping sets over {@code rows} (in batches of {@code batchSize}), finishes them with a FINAL
     * aggregation on the keys and the set index, and checks each set against a SINGLE aggregation of the rows.
     */
    private void check(List<List<Object>> rows, int batchSize, List<Integer> groupKeys, List<List<Integer>> sets) {
        BatchSource source = BatchSource.chunked(allocator, INPUT_TYPES, rows, batchSize);
        GroupingSetsAggregateNode node = new GroupingSetsAggregateNode(NO_INPUT, groupKeys, sets, CALLS);
        int keyCount = groupKeys.size() + 1;
        List<AggregateCall> finalCalls = new ArrayList<>();
        int column = keyCount;
        for (AggregateCall call : CALLS) {
            finalCalls.add(new AggregateCall(call.function(), List.of(column), -1, call.type()));
            column += call.function() == AggregateFunction.AVG ? 2 : 1;
        }
        List<List<Object>> actual;
        try (GroupingSetsAggregateOperator groupingSets = new GroupingSetsAggregateOperator(context(), source, node);
                HashAggregateOperator finished = new HashAggregateOperator(context(), groupingSets, new AggregateNode(
                        NO_INPUT, IntStream.range(0, keyCount).boxed().toList(), finalCalls, AggregateStep.FINAL))) {
            actual = drain(finished);
        }
        assertThat(source.closed()).isTrue();

        List<List<Object>> expected = new ArrayList<>();
        for (int set = 0; set < sets.size(); set++) {
            List<Integer> keys = sets.get(set);
            BatchSource again = BatchSource.chunked(allocator, INPUT_TYPES, rows, batchSize);
            try (HashAggregateOperator single = new HashAggregateOperator(context(), again,
                    new AggregateNode(NO_INPUT, keys, CALLS, AggregateStep.SINGLE))) {
                for (List<Object> group : drain(single)) {
                    List<Object> row = new ArrayList<>();
                    for (int key : groupKeys) {
                        row.add(keys.contains(key) ? group.get(keys.indexOf(key)) : null);
                    }
                    row.add(set);
                    row.addAll(group.subList(keys.size(), group.size()));
                    expected.add(row);
                }
            }
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void rollupAcrossBatchesWithNullKeysAndDecimals() {
        List<List<Object>> rows = input(500);
        check(rows, 64, List.of(0, 1, 2), List.of(List.of(0, 1, 2), List.of(0, 1), List.of(0), List.of()));
    }

    @Test
    void rollupOverManyGroupsSpanningSeveralOutputBatches() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 80_000; i++) {
            rows.add(row(i % 3, "k" + (i % 40_000), i % 2, decimal((i % 1000) + ".25"), (double) (i % 5)));
        }
        check(rows, 10_000, List.of(0, 1), List.of(List.of(0, 1), List.of(0), List.of()));
    }

    @Test
    void cubeDerivesEachSetFromASuperset() {
        check(input(300), 50, List.of(0, 1), List.of(List.of(0, 1), List.of(0), List.of(1), List.of()));
    }

    @Test
    void groupingSetsWithoutTheFinestSetEmitOnlyTheRequestedSets() {
        check(input(300), 50, List.of(0, 1, 2), List.of(List.of(1), List.of(0, 2), List.of(0)));
    }

    @Test
    void repeatedSetsAreEachEmitted() {
        check(input(100), 30, List.of(0, 1), List.of(List.of(0, 1), List.of(0), List.of(0)));
    }

    @Test
    void nullKeyValuesStayApartFromRolledUpNulls() {
        // Key 0 is NULL in some rows: the set (0) has a group with key NULL, the set () one with the key rolled up.
        List<List<Object>> rows = List.of(row(null, "x", 1, decimal("1.00"), 1.0), row(null, "y", 1, decimal("2.00"), 2.0),
                row(5, "x", 1, decimal("4.00"), 3.0));
        BatchSource source = BatchSource.of(allocator, INPUT_TYPES, rows);
        List<AggregateCall> calls = List.of(AggregateCall.of(AggregateFunction.SUM, DataType.decimal(38, 2, true), 3));
        GroupingSetsAggregateNode node = new GroupingSetsAggregateNode(NO_INPUT, List.of(0), List.of(List.of(0), List.of()),
                calls);
        try (GroupingSetsAggregateOperator operator = new GroupingSetsAggregateOperator(context(), source, node)) {
            assertThat(operator.types()).containsExactly(INT, DataType.integer(false), DataType.decimal(38, 2, true));
            assertThat(drain(operator)).containsExactlyInAnyOrder(
                    row(null, 0, decimal("3.00")),
                    row(5, 0, decimal("4.00")),
                    row(null, 1, decimal("7.00")));
        }
    }

    @Test
    void emptyInputGivesOneGrandTotalRow() {
        // As a one-phase aggregation without keys: COUNT 0, the other aggregates NULL; no row for the other sets.
        check(List.of(), 10, List.of(0, 1), List.of(List.of(0, 1), List.of(0), List.of()));
        check(List.of(), 10, List.of(0, 1), List.of(List.of(0, 1), List.of(), List.of()));
        BatchSource source = BatchSource.of(allocator, INPUT_TYPES, List.of());
        GroupingSetsAggregateNode node = new GroupingSetsAggregateNode(NO_INPUT, List.of(0, 1),
                List.of(List.of(0, 1), List.of(0), List.of()), CALLS);
        try (GroupingSetsAggregateOperator operator = new GroupingSetsAggregateOperator(context(), source, node)) {
            assertThat(drain(operator)).containsExactly(row(null, null, 2, 0L, 0L, null, null, 0L, null, null, null, 0L, null));
        }
    }

    @Test
    void emptyInputWithoutTheEmptySetGivesNoRows() {
        BatchSource source = BatchSource.of(allocator, INPUT_TYPES, List.of());
        GroupingSetsAggregateNode node = new GroupingSetsAggregateNode(NO_INPUT, List.of(0, 1),
                List.of(List.of(0, 1), List.of(0), List.of(1)), CALLS);
        try (GroupingSetsAggregateOperator operator = new GroupingSetsAggregateOperator(context(), source, node)) {
            assertThat(drain(operator)).isEmpty();
        }
        assertThat(source.closed()).isTrue();
    }

    @Test
    void nodeSurvivesTheTaskCodecAndRejectsKeysOutsideTheGroupKeys() {
        GroupingSetsAggregateNode node = new GroupingSetsAggregateNode(NO_INPUT, List.of(0, 1, 2),
                List.of(List.of(0, 1, 2), List.of(0, 1), List.of()), CALLS);
        assertThat(TaskCodec.decode(TaskCodec.encode(node), PlanNode.class)).isEqualTo(node);
        assertThatThrownBy(() -> new GroupingSetsAggregateNode(NO_INPUT, List.of(0), List.of(List.of(1)), CALLS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a subset");
    }

    @Test
    void fusedFilterKeepsOnlyTrueRowsAndAFilteredOutInputStillHasTheGrandTotal() {
        // The fused filter "column 0 IS NOT NULL" gives what aggregating only the rows that pass it gives.
        List<List<Object>> rows = input(400);
        List<List<Object>> kept = rows.stream().filter(row -> row.get(0) != null).toList();
        var notNull = io.proteus.executor.testing.ExpressionTester.call(io.proteus.executor.expression.ScalarFunction.IS_NOT_NULL,
                DataType.bool(false), io.proteus.executor.testing.ExpressionTester.ref(0, INT));
        List<List<Integer>> sets = List.of(List.of(0, 1), List.of(0), List.of());
        List<List<Object>> filtered;
        try (GroupingSetsAggregateOperator operator = new GroupingSetsAggregateOperator(context(),
                BatchSource.chunked(allocator, INPUT_TYPES, rows, 64), new GroupingSetsAggregateNode(NO_INPUT, List.of(0, 1),
                        sets, CALLS), notNull)) {
            filtered = drain(operator);
        }
        List<List<Object>> expected;
        try (GroupingSetsAggregateOperator operator = new GroupingSetsAggregateOperator(context(),
                BatchSource.chunked(allocator, INPUT_TYPES, kept, 64), new GroupingSetsAggregateNode(NO_INPUT, List.of(0, 1),
                        sets, CALLS))) {
            expected = drain(operator);
        }
        assertThat(filtered).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
        var never = io.proteus.executor.testing.ExpressionTester.literal("false", DataType.bool(false));
        try (GroupingSetsAggregateOperator operator = new GroupingSetsAggregateOperator(context(),
                BatchSource.chunked(allocator, INPUT_TYPES, rows, 64), new GroupingSetsAggregateNode(NO_INPUT, List.of(0, 1),
                        sets, CALLS), never)) {
            assertThat(drain(operator)).hasSize(1).allSatisfy(row -> assertThat(row.get(2)).isEqualTo(2));
        }
    }

    @Test
    void closingMidwayReleasesEverything() {
        BatchSource source = BatchSource.chunked(allocator, INPUT_TYPES, input(1000), 100);
        GroupingSetsAggregateNode node = new GroupingSetsAggregateNode(NO_INPUT, List.of(0, 1, 2),
                List.of(List.of(0, 1, 2), List.of(0, 1), List.of(0), List.of()), CALLS);
        try (GroupingSetsAggregateOperator operator = new GroupingSetsAggregateOperator(context(), source, node)) {
            try (VectorSchemaRoot first = operator.next()) {
                assertThat(first.getRowCount()).isPositive();
            }
        }
        assertThat(source.closed()).isTrue();
    }
}
