package io.proteus.executor.operator;

import static io.proteus.executor.testing.TestData.date;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.proteus.executor.DataException;
import io.proteus.executor.operator.aggregate.HashAggregateOperator;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateFunction;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.testing.TestData;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashAggregateTest extends OperatorTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType DOUBLE = DataType.doubleType(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);
    private static final DataType SUM_DEC = DataType.decimal(38, 2, true);

    /** A dummy input node: aggregate nodes need one, the operator gets its input separately. */
    private static final ValuesNode NO_INPUT = new ValuesNode(List.of(), List.of());

    private HashAggregateOperator aggregate(BatchSource source, List<Integer> keys, List<AggregateCall> calls,
            AggregateStep step) {
        return new HashAggregateOperator(context(), source, new AggregateNode(NO_INPUT, keys, calls, step));
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(r -> String.valueOf(r.get(0))));
        return copy;
    }

    @Test
    void groupByWithNullKeysAndManyFunctions() {
        List<List<Object>> rows = List.of(
                row(1, "b", decimal("1.50"), 10),
                row(2, "a", decimal("-2.25"), null),
                row(null, "z", decimal("3.00"), 5),
                row(1, "c", null, 20),
                row(null, null, decimal("4.00"), 7),
                row(2, "d", decimal("0.01"), 1));
        BatchSource source = BatchSource.chunked(allocator, types(INT, TEXT, DEC, INT), rows, 2);
        List<AggregateCall> calls = List.of(
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.COUNT, DataType.bigint(false), 2),
                AggregateCall.of(AggregateFunction.SUM, SUM_DEC, 2),
                AggregateCall.of(AggregateFunction.SUM, BIGINT, 3),
                AggregateCall.of(AggregateFunction.MIN, TEXT, 1),
                AggregateCall.of(AggregateFunction.MAX, DEC, 2),
                AggregateCall.of(AggregateFunction.AVG, DataType.decimal(10, 4, true), 2),
                AggregateCall.of(AggregateFunction.AVG, DOUBLE, 3));
        try (HashAggregateOperator operator = aggregate(source, List.of(0), calls, AggregateStep.SINGLE)) {
            assertThat(Vectors.types(operator.schema())).hasSize(9);
            List<List<Object>> result = drain(operator);
            assertThat(result).containsExactly(
                    row(1, 2L, 1L, decimal("1.50"), 30L, "b", decimal("1.50"), decimal("1.5000"), 15.0),
                    row(2, 2L, 2L, decimal("-2.24"), 1L, "a", decimal("0.01"), decimal("-1.1200"), 1.0),
                    row(null, 2L, 2L, decimal("7.00"), 12L, "z", decimal("4.00"), decimal("3.5000"), 6.0));
        }
    }

    @Test
    void globalAggregateOnEmptyInputGivesOneRow() {
        BatchSource source = new BatchSource(allocator, types(INT, DEC), List.of());
        List<AggregateCall> calls = List.of(
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.SUM, SUM_DEC, 1),
                AggregateCall.of(AggregateFunction.MAX, INT, 0),
                AggregateCall.of(AggregateFunction.AVG, DOUBLE, 0),
                AggregateCall.of(AggregateFunction.STDDEV_SAMP, DOUBLE, 0));
        try (HashAggregateOperator operator = aggregate(source, List.of(), calls, AggregateStep.SINGLE)) {
            assertThat(drain(operator)).containsExactly(row(0L, null, null, null, null));
        }
        BatchSource grouped = new BatchSource(allocator, types(INT, DEC), List.of());
        try (HashAggregateOperator operator = aggregate(grouped, List.of(0), calls, AggregateStep.SINGLE)) {
            assertThat(drain(operator)).isEmpty();
        }
        BatchSource partial = new BatchSource(allocator, types(INT, DEC), List.of());
        try (HashAggregateOperator operator = aggregate(partial, List.of(), calls, AggregateStep.PARTIAL)) {
            assertThat(drain(operator)).isEmpty();
        }
    }

    @Test
    void allNullColumnAggregates() {
        List<List<Object>> rows = List.of(row(1, null), row(1, null));
        BatchSource source = BatchSource.of(allocator, types(INT, DEC), rows);
        List<AggregateCall> calls = List.of(
                AggregateCall.of(AggregateFunction.COUNT, DataType.bigint(false), 1),
                AggregateCall.of(AggregateFunction.SUM, SUM_DEC, 1),
                AggregateCall.of(AggregateFunction.MIN, DEC, 1),
                AggregateCall.of(AggregateFunction.AVG, DataType.decimal(10, 4, true), 1),
                AggregateCall.of(AggregateFunction.ANY_VALUE, DEC, 1));
        try (HashAggregateOperator operator = aggregate(source, List.of(0), calls, AggregateStep.SINGLE)) {
            assertThat(drain(operator)).containsExactly(row(1, 0L, null, null, null, null));
        }
    }

    @Test
    void filterColumnRestrictsRows() {
        List<List<Object>> rows = List.of(row(1, 10, true), row(1, 20, false), row(1, 30, null), row(2, 5, true));
        BatchSource source = BatchSource.of(allocator, types(INT, INT, BOOL), rows);
        List<AggregateCall> calls = List.of(
                new AggregateCall(AggregateFunction.SUM, List.of(1), 2, BIGINT),
                new AggregateCall(AggregateFunction.COUNT_STAR, List.of(), 2, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.SUM, BIGINT, 1));
        try (HashAggregateOperator operator = aggregate(source, List.of(0), calls, AggregateStep.SINGLE)) {
            assertThat(drain(operator)).containsExactly(row(1, 10L, 1L, 60L), row(2, 5L, 1L, 5L));
        }
    }

    @Test
    void fusedFilterRestrictsRowsBeforeGrouping() {
        List<List<Object>> rows = List.of(row(1, 10, true), row(1, 20, false), row(2, 30, null), row(3, 5, true),
                row(null, 7, true));
        BatchSource source = BatchSource.chunked(allocator, types(INT, INT, BOOL), rows, 2);
        var keep = io.proteus.executor.testing.ExpressionTester.ref(2, BOOL);
        List<AggregateCall> calls = List.of(AggregateCall.of(AggregateFunction.SUM, BIGINT, 1),
                new AggregateCall(AggregateFunction.COUNT_STAR, List.of(), 2, DataType.bigint(false)));
        try (HashAggregateOperator operator = new HashAggregateOperator(context(), source,
                new AggregateNode(NO_INPUT, List.of(0), calls, AggregateStep.SINGLE), keep)) {
            assertThat(drain(operator)).containsExactly(row(1, 10L, 1L), row(3, 5L, 1L), row(null, 7L, 1L));
        }
        BatchSource global = BatchSource.chunked(allocator, types(INT, INT, BOOL), rows, 2);
        try (HashAggregateOperator operator = new HashAggregateOperator(context(), global,
                new AggregateNode(NO_INPUT, List.of(), calls, AggregateStep.SINGLE),
                io.proteus.executor.testing.ExpressionTester.literal("false", DataType.bool(false)))) {
            assertThat(drain(operator)).containsExactly(row(null, 0L));
        }
    }

    @Test
    void decimalSumIsExactBeyondSixtyFourBitsAndChecksPrecision() {
        BigDecimal big = new BigDecimal("90000000000000000.00");
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(row(i % 2, big));
        }
        DataType wide = DataType.decimal(19, 2, true);
        BatchSource source = BatchSource.chunked(allocator, types(INT, wide), rows, 64);
        try (HashAggregateOperator operator = aggregate(source, List.of(0),
                List.of(AggregateCall.of(AggregateFunction.SUM, SUM_DEC, 1)), AggregateStep.SINGLE)) {
            assertThat(drain(operator)).containsExactly(row(0, big.multiply(BigDecimal.valueOf(100))),
                    row(1, big.multiply(BigDecimal.valueOf(100))));
        }
        BatchSource overflow = BatchSource.of(allocator, types(INT, DEC), List.of(row(1, decimal("99999.99")),
                row(1, decimal("99999.99"))));
        try (HashAggregateOperator operator = aggregate(overflow, List.of(0),
                List.of(AggregateCall.of(AggregateFunction.SUM, DEC, 1)), AggregateStep.SINGLE)) {
            assertThatThrownBy(() -> drain(operator)).isInstanceOf(DataException.class).hasMessage("decimal overflow");
        }
        BatchSource negative = BatchSource.of(allocator, types(INT, DEC), List.of(row(1, decimal("-99999.99")),
                row(1, decimal("99999.99")), row(1, decimal("-0.01"))));
        try (HashAggregateOperator operator = aggregate(negative, List.of(0),
                List.of(AggregateCall.of(AggregateFunction.SUM, DEC, 1)), AggregateStep.SINGLE)) {
            assertThat(drain(operator)).containsExactly(row(1, decimal("-0.01")));
        }
    }

    @Test
    void bigintSumOverflowIsAnError() {
        BatchSource source = BatchSource.of(allocator, types(BIGINT), List.of(row(Long.MAX_VALUE), row(1L)));
        try (HashAggregateOperator operator = aggregate(source, List.of(),
                List.of(AggregateCall.of(AggregateFunction.SUM, BIGINT, 0)), AggregateStep.SINGLE)) {
            assertThatThrownBy(() -> drain(operator)).hasMessage("bigint overflow");
        }
    }

    @Test
    void multiColumnKeysAndManyGroups() {
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String text = "k" + (i % 1000);
            var day = date("2020-01-01").plusDays(i % 37);
            rows.add(row(text, day, (long) i));
            expected.merge(text + "|" + day, (long) i, Long::sum);
        }
        BatchSource source = BatchSource.chunked(allocator, types(TEXT, DataType.date(true), BIGINT), rows, 8192);
        try (HashAggregateOperator operator = aggregate(source, List.of(0, 1),
                List.of(AggregateCall.of(AggregateFunction.SUM, BIGINT, 2)), AggregateStep.SINGLE)) {
            List<Integer> sizes = new ArrayList<>();
            Map<String, Long> actual = new HashMap<>();
            org.apache.arrow.vector.VectorSchemaRoot batch;
            while ((batch = operator.next()) != null) {
                sizes.add(batch.getRowCount());
                for (List<Object> row : TestData.rows(batch)) {
                    actual.put(row.get(0) + "|" + row.get(1), (Long) row.get(2));
                }
                batch.close();
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(sizes).allMatch(size -> size <= Operator.TARGET_BATCH_ROWS);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected.size());
        }
    }

    @Test
    void skewedKeys() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(row(i % 10 == 0 ? i : 7, 1));
        }
        BatchSource source = BatchSource.chunked(allocator, types(INT, INT), rows, 4096);
        try (HashAggregateOperator operator = aggregate(source, List.of(0),
                List.of(AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false))), AggregateStep.SINGLE)) {
            List<List<Object>> result = drain(operator);
            assertThat(result).hasSize(2001);
            assertThat(result).contains(row(7, 18_000L));
        }
    }

    @Test
    void partialAggregationThatBarelyReducesPassesRowsThroughAndFinalStillMerges() {
        // 250k rows, ~150k distinct (INTEGER, VARCHAR) keys with NULLs: the partial gives up after 100k rows.
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 250_000; i++) {
            int key = (i * 7) % 150_000;
            rows.add(row(i % 1000 == 7 ? null : key, i % 11 == 0 ? null : new BigDecimal(i % 5000).movePointLeft(2),
                    i % 17 == 0 ? null : (double) (i % 100), i % 13 == 0 ? null : "k" + (key % 3), i % 4 != 1));
        }
        List<DataType> inputTypes = types(INT, DEC, DOUBLE, TEXT, BOOL);
        List<AggregateCall> calls = List.of(
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.COUNT, DataType.bigint(false), 1),
                AggregateCall.of(AggregateFunction.SUM, SUM_DEC, 1),
                new AggregateCall(AggregateFunction.SUM, List.of(2), 4, DOUBLE),
                AggregateCall.of(AggregateFunction.MIN, DEC, 1),
                AggregateCall.of(AggregateFunction.MAX, TEXT, 3),
                AggregateCall.of(AggregateFunction.AVG, DataType.decimal(12, 6, true), 1),
                AggregateCall.of(AggregateFunction.STDDEV_SAMP, DOUBLE, 2));
        int[] stateWidths = {1, 1, 1, 1, 1, 1, 2, 3};
        var keep = io.proteus.executor.testing.ExpressionTester.ref(4, BOOL);
        List<List<Object>> single;
        try (HashAggregateOperator operator = new HashAggregateOperator(context(),
                BatchSource.chunked(allocator, inputTypes, rows, 8192),
                new AggregateNode(NO_INPUT, List.of(0, 3), calls, AggregateStep.SINGLE), keep)) {
            single = drain(operator);
        }
        List<List<Object>> partialRows = new ArrayList<>();
        List<DataType> partialTypes;
        try (HashAggregateOperator operator = new HashAggregateOperator(context(),
                BatchSource.chunked(allocator, inputTypes, rows, 8192),
                new AggregateNode(NO_INPUT, List.of(0, 3), calls, AggregateStep.PARTIAL), keep)) {
            partialTypes = Vectors.types(operator.schema());
            partialRows.addAll(drain(operator));
            assertThat(operator.passingThrough()).isTrue();
        }
        // Rows after the switch come out one per input row, so there are more partial rows than groups.
        assertThat(partialRows.size()).isGreaterThan(single.size());
        List<AggregateCall> finalCalls = new ArrayList<>();
        int column = 2;
        for (int i = 0; i < calls.size(); i++) {
            AggregateCall call = calls.get(i);
            finalCalls.add(new AggregateCall(call.function(), List.of(column), -1, call.type()));
            column += stateWidths[i];
        }
        assertThat(partialTypes).hasSize(column);
        List<List<Object>> merged;
        try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, partialTypes, partialRows, 10_000),
                List.of(0, 1), finalCalls, AggregateStep.FINAL)) {
            merged = drain(operator);
        }
        assertSameGroups(merged, single, 2);
        // A partial aggregation that reduces its input keeps aggregating.
        List<List<Object>> fewGroups = new ArrayList<>();
        for (List<Object> row : rows.subList(0, 120_000)) {
            List<Object> copy = new ArrayList<>(row);
            copy.set(0, row.get(0) == null ? null : (Integer) row.get(0) % 100);
            fewGroups.add(copy);
        }
        try (HashAggregateOperator operator = new HashAggregateOperator(context(),
                BatchSource.chunked(allocator, inputTypes, fewGroups, 8192),
                new AggregateNode(NO_INPUT, List.of(0, 3), calls, AggregateStep.PARTIAL), keep)) {
            assertThat(drain(operator)).hasSizeLessThanOrEqualTo(101 * 4);
            assertThat(operator.passingThrough()).isFalse();
        }
    }

    /** Compares two aggregation results regardless of row order, doubles approximately. */
    private static void assertSameGroups(List<List<Object>> actual, List<List<Object>> expected, int keyCount) {
        assertThat(actual).hasSameSizeAs(expected);
        Map<List<Object>, List<Object>> byKey = new HashMap<>();
        for (List<Object> row : actual) {
            assertThat(byKey.put(new ArrayList<>(row.subList(0, keyCount)), row)).as("duplicate group").isNull();
        }
        for (List<Object> row : expected) {
            List<Object> other = byKey.get(new ArrayList<>(row.subList(0, keyCount)));
            assertThat(other).as("group %s", row.subList(0, keyCount)).isNotNull();
            for (int c = keyCount; c < row.size(); c++) {
                if (row.get(c) instanceof Double value) {
                    assertThat((Double) other.get(c)).isCloseTo(value, within(1e-6));
                } else {
                    assertThat(other.get(c)).as("column %d of %s", c, row).isEqualTo(row.get(c));
                }
            }
        }
    }

    @Test
    void partialThenFinalEqualsSingle() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int key = i % 13;
            rows.add(row(key == 5 ? null : key, i % 11 == 0 ? null : new BigDecimal(i).movePointLeft(2),
                    i % 17 == 0 ? null : (double) (i % 100), "v" + (i % 29)));
        }
        List<DataType> inputTypes = types(INT, DEC, DOUBLE, TEXT);
        List<AggregateCall> calls = List.of(
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.COUNT, DataType.bigint(false), 1),
                AggregateCall.of(AggregateFunction.SUM, SUM_DEC, 1),
                AggregateCall.of(AggregateFunction.MIN, DEC, 1),
                AggregateCall.of(AggregateFunction.MAX, TEXT, 3),
                AggregateCall.of(AggregateFunction.AVG, DataType.decimal(12, 6, true), 1),
                AggregateCall.of(AggregateFunction.AVG, DOUBLE, 2),
                AggregateCall.of(AggregateFunction.STDDEV_SAMP, DOUBLE, 2),
                AggregateCall.of(AggregateFunction.VAR_POP, DOUBLE, 2),
                AggregateCall.of(AggregateFunction.STDDEV_POP, DOUBLE, 2),
                AggregateCall.of(AggregateFunction.VAR_SAMP, DOUBLE, 2));
        List<List<Object>> single;
        try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, inputTypes, rows, 500), List.of(0),
                calls, AggregateStep.SINGLE)) {
            single = sorted(drain(operator));
        }
        // Two partial aggregations over halves of the input, then a final one over their outputs.
        List<List<Object>> partialRows = new ArrayList<>();
        List<DataType> partialTypes = null;
        for (List<List<Object>> half : List.of(rows.subList(0, 1700), rows.subList(1700, 3000))) {
            try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, inputTypes, half, 300),
                    List.of(0), calls, AggregateStep.PARTIAL)) {
                partialTypes = Vectors.types(operator.schema());
                partialRows.addAll(drain(operator));
            }
        }
        // Final calls point at the first state column of each aggregate in the partial output.
        List<AggregateCall> finalCalls = new ArrayList<>();
        int column = 1;
        int[] stateWidths = {1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3};
        for (int i = 0; i < calls.size(); i++) {
            AggregateCall call = calls.get(i);
            finalCalls.add(new AggregateCall(call.function(), List.of(column), -1, call.type()));
            column += stateWidths[i];
        }
        assertThat(partialTypes).hasSize(column);
        List<List<Object>> merged;
        try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, partialTypes, partialRows, 7),
                List.of(0), finalCalls, AggregateStep.FINAL)) {
            merged = sorted(drain(operator));
        }
        assertThat(merged).hasSameSizeAs(single);
        for (int r = 0; r < single.size(); r++) {
            List<Object> expected = single.get(r);
            List<Object> actual = merged.get(r);
            for (int c = 0; c < expected.size(); c++) {
                if (expected.get(c) instanceof Double value) {
                    assertThat((Double) actual.get(c)).isCloseTo(value, within(1e-9));
                } else {
                    assertThat(actual.get(c)).isEqualTo(expected.get(c));
                }
            }
        }
    }

    @Test
    void partialOnFinerKeysThenIntermediateThenFinalEqualsSingle() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int key = i % 13;
            rows.add(row(key == 5 ? null : key, i % 11 == 0 ? null : new BigDecimal(i).movePointLeft(2),
                    i % 17 == 0 ? null : (double) (i % 100), "v" + (i % 29), i % 7 == 3 ? null : i % 7));
        }
        List<DataType> inputTypes = types(INT, DEC, DOUBLE, TEXT, INT);
        List<AggregateCall> calls = List.of(
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.COUNT, DataType.bigint(false), 1),
                AggregateCall.of(AggregateFunction.SUM, SUM_DEC, 1),
                AggregateCall.of(AggregateFunction.MIN, DEC, 1),
                AggregateCall.of(AggregateFunction.MAX, TEXT, 3),
                AggregateCall.of(AggregateFunction.AVG, DataType.decimal(12, 6, true), 1),
                AggregateCall.of(AggregateFunction.AVG, DOUBLE, 2),
                AggregateCall.of(AggregateFunction.STDDEV_SAMP, DOUBLE, 2),
                AggregateCall.of(AggregateFunction.VAR_POP, DOUBLE, 2));
        int[] stateWidths = {1, 1, 1, 1, 1, 2, 2, 3, 3};
        List<List<Object>> single;
        try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, inputTypes, rows, 500), List.of(0),
                calls, AggregateStep.SINGLE)) {
            single = sorted(drain(operator));
        }
        // Partial on (key, finer key), intermediate on key alone over those states, final over the intermediate's.
        List<List<Object>> partialRows;
        List<DataType> partialTypes;
        try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, inputTypes, rows, 300),
                List.of(0, 4), calls, AggregateStep.PARTIAL)) {
            partialTypes = Vectors.types(operator.schema());
            partialRows = drain(operator);
        }
        List<List<Object>> intermediateRows;
        List<DataType> intermediateTypes;
        try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, partialTypes, partialRows, 11),
                List.of(0), stateCalls(calls, stateWidths, 2), AggregateStep.INTERMEDIATE)) {
            intermediateTypes = Vectors.types(operator.schema());
            intermediateRows = drain(operator);
        }
        assertThat(intermediateTypes.subList(1, intermediateTypes.size())).isEqualTo(partialTypes.subList(2, partialTypes.size()));
        List<List<Object>> merged;
        try (HashAggregateOperator operator = aggregate(BatchSource.chunked(allocator, intermediateTypes, intermediateRows, 5),
                List.of(0), stateCalls(calls, stateWidths, 1), AggregateStep.FINAL)) {
            merged = sorted(drain(operator));
        }
        assertThat(merged).hasSameSizeAs(single);
        for (int r = 0; r < single.size(); r++) {
            for (int c = 0; c < single.get(r).size(); c++) {
                Object expected = single.get(r).get(c);
                Object actual = merged.get(r).get(c);
                if (expected instanceof Double value) {
                    assertThat((Double) actual).isCloseTo(value, within(1e-9));
                } else {
                    assertThat(actual).isEqualTo(expected);
                }
            }
        }
    }

    /** Calls over states laid out after {@code keyCount} key columns, each reading its first state column. */
    private static List<AggregateCall> stateCalls(List<AggregateCall> calls, int[] stateWidths, int keyCount) {
        List<AggregateCall> result = new ArrayList<>();
        int column = keyCount;
        for (int i = 0; i < calls.size(); i++) {
            AggregateCall call = calls.get(i);
            result.add(new AggregateCall(call.function(), List.of(column), -1, call.type()));
            column += stateWidths[i];
        }
        return result;
    }

    @Test
    void globalPartialAndFinal() {
        List<List<Object>> rows = List.of(row(1), row(2), row((Object) null));
        List<AggregateCall> calls = List.of(AggregateCall.of(AggregateFunction.COUNT, DataType.bigint(false), 0),
                AggregateCall.of(AggregateFunction.SUM, INT, 0));
        List<List<Object>> partial;
        List<DataType> partialTypes;
        try (HashAggregateOperator operator = aggregate(BatchSource.of(allocator, types(INT), rows), List.of(), calls,
                AggregateStep.PARTIAL)) {
            partialTypes = Vectors.types(operator.schema());
            partial = drain(operator);
        }
        assertThat(partial).containsExactly(row(2L, 3));
        List<AggregateCall> finalCalls = List.of(new AggregateCall(AggregateFunction.COUNT, List.of(0), -1, BIGINT),
                new AggregateCall(AggregateFunction.SUM, List.of(1), -1, INT));
        try (HashAggregateOperator operator = aggregate(BatchSource.of(allocator, partialTypes, List.of(partial.get(0),
                row(4L, 10))), List.of(), finalCalls, AggregateStep.FINAL)) {
            assertThat(drain(operator)).containsExactly(row(6L, 13));
        }
        try (HashAggregateOperator operator = aggregate(new BatchSource(allocator, partialTypes, List.of()), List.of(),
                finalCalls, AggregateStep.FINAL)) {
            assertThat(drain(operator)).containsExactly(row(0L, null));
        }
    }
}
