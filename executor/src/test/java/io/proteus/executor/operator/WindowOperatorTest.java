package io.proteus.executor.operator;

import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.DataException;
import io.proteus.executor.operator.window.WindowOperator;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.plan.WindowCall;
import io.proteus.executor.plan.WindowFrame;
import io.proteus.executor.plan.WindowFrame.Bound;
import io.proteus.executor.plan.WindowFunction;
import io.proteus.executor.plan.WindowNode;
import io.proteus.executor.task.TaskCodec;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.testing.TestData;
import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowOperatorTest extends OperatorTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType DOUBLE = DataType.doubleType(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(9, 2, true);
    private static final DataType SUM_DEC = DataType.decimal(38, 2, true);
    private static final DataType RANK_TYPE = DataType.bigint(false);

    /** A dummy input node: window nodes need one, the operator gets its input separately. */
    private static final PlanNode NO_INPUT = new ValuesNode(List.of(), List.of());

    private static final WindowFrame ROWS_RUNNING = new WindowFrame(WindowFrame.Unit.ROWS, Bound.unboundedPreceding(), Bound.currentRow());

    private List<List<Object>> run(List<DataType> types, List<List<Object>> rows, int batchSize, List<Integer> partitionKeys,
            List<SortKey> orderKeys, WindowFrame frame, WindowCall... calls) {
        WindowNode node = new WindowNode(NO_INPUT, partitionKeys, orderKeys, frame, List.of(calls));
        try (WindowOperator window = new WindowOperator(context(), BatchSource.chunked(allocator, types, rows, batchSize), node)) {
            assertThat(window.types()).hasSize(types.size() + calls.length);
            return inEvaluationOrder(drain(window), partitionKeys, orderKeys);
        }
    }

    /**
     * The output rows (which come in input order) sorted stably by the partition keys, then the order keys: the order
     * the functions saw them in, in which the expectations are written.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<List<Object>> inEvaluationOrder(List<List<Object>> output, List<Integer> partitionKeys,
            List<SortKey> orderKeys) {
        List<SortKey> keys = new ArrayList<>();
        partitionKeys.forEach(key -> keys.add(SortKey.ascending(key)));
        keys.addAll(orderKeys);
        List<List<Object>> sorted = new ArrayList<>(output);
        sorted.sort((left, right) -> {
            for (SortKey key : keys) {
                Comparable a = (Comparable) left.get(key.column());
                Comparable b = (Comparable) right.get(key.column());
                int result;
                if (a == null || b == null) {
                    result = a == b ? 0 : (a == null) == key.nullsFirst() ? -1 : 1;
                } else {
                    result = key.descending() ? b.compareTo(a) : a.compareTo(b);
                }
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        });
        return sorted;
    }

    private List<List<Object>> run(List<DataType> types, List<List<Object>> rows, List<Integer> partitionKeys,
            List<SortKey> orderKeys, WindowFrame frame, WindowCall... calls) {
        return run(types, rows, 3, partitionKeys, orderKeys, frame, calls);
    }

    private static List<Object> last(List<Object> row, int count) {
        return row.subList(row.size() - count, row.size());
    }

    private static List<List<Object>> lastColumns(List<List<Object>> rows, int count) {
        return rows.stream().map(row -> last(row, count)).toList();
    }

    @Test
    void rankingFunctionsWithTiesAndNullKeys() {
        // (partition, order key, id); NULL partition keys form one partition, NULL order keys sort last and are peers.
        List<List<Object>> rows = List.of(
                row(1, 10, 1), row(null, 5, 2), row(1, 20, 3), row(1, 10, 4), row(2, null, 5),
                row(1, null, 6), row(null, 5, 7), row(1, 30, 8), row(2, 7, 9), row(1, null, 10));
        List<List<Object>> output = run(types(INT, INT, INT), rows, List.of(0), List.of(SortKey.ascending(1)), WindowFrame.DEFAULT,
                WindowCall.of(WindowFunction.ROW_NUMBER, RANK_TYPE),
                WindowCall.of(WindowFunction.RANK, RANK_TYPE),
                WindowCall.of(WindowFunction.DENSE_RANK, RANK_TYPE),
                WindowCall.of(WindowFunction.PERCENT_RANK, DataType.doubleType(false)),
                WindowCall.of(WindowFunction.CUME_DIST, DataType.doubleType(false)));
        assertThat(output).containsExactly(
                row(1, 10, 1, 1L, 1L, 1L, 0.0, 2 / 6.0),
                row(1, 10, 4, 2L, 1L, 1L, 0.0, 2 / 6.0),
                row(1, 20, 3, 3L, 3L, 2L, 0.4, 3 / 6.0),
                row(1, 30, 8, 4L, 4L, 3L, 0.6, 4 / 6.0),
                row(1, null, 6, 5L, 5L, 4L, 0.8, 1.0),
                row(1, null, 10, 6L, 5L, 4L, 0.8, 1.0),
                row(2, 7, 9, 1L, 1L, 1L, 0.0, 0.5),
                row(2, null, 5, 2L, 2L, 2L, 1.0, 1.0),
                row(null, 5, 2, 1L, 1L, 1L, 0.0, 1.0),
                row(null, 5, 7, 2L, 1L, 1L, 0.0, 1.0));
    }

    @Test
    void descendingNullsFirstOrderAndNoPartitionKeys() {
        List<List<Object>> rows = List.of(row(3), row(null), row(5), row(3), row(1));
        List<List<Object>> output = run(types(INT), rows, List.of(), List.of(new SortKey(0, true, true)), WindowFrame.DEFAULT,
                WindowCall.of(WindowFunction.RANK, RANK_TYPE), WindowCall.of(WindowFunction.COUNT_STAR, RANK_TYPE));
        assertThat(output).containsExactly(
                row(null, 1L, 1L), row(5, 2L, 2L), row(3, 3L, 4L), row(3, 3L, 4L), row(1, 5L, 5L));
    }

    @Test
    void noOrderKeysMakesThePartitionOnePeerGroup() {
        List<List<Object>> rows = List.of(row("a", 1L), row("b", 2L), row("a", null), row("a", 4L));
        List<List<Object>> output = run(types(TEXT, BIGINT), rows, List.of(0), List.of(), WindowFrame.DEFAULT,
                WindowCall.of(WindowFunction.RANK, RANK_TYPE),
                WindowCall.of(WindowFunction.SUM, BIGINT, 1),
                WindowCall.of(WindowFunction.COUNT, RANK_TYPE, 1),
                WindowCall.of(WindowFunction.ROW_NUMBER, RANK_TYPE));
        assertThat(output).containsExactly(
                row("a", 1L, 1L, 5L, 2L, 1L),
                row("a", null, 1L, 5L, 2L, 2L),
                row("a", 4L, 1L, 5L, 2L, 3L),
                row("b", 2L, 1L, 2L, 1L, 1L));
    }

    @Test
    void emptyInputGivesNoRows() {
        List<List<Object>> output = run(types(INT, BIGINT), List.of(), List.of(0), List.of(SortKey.ascending(1)),
                WindowFrame.DEFAULT, WindowCall.of(WindowFunction.RANK, RANK_TYPE), WindowCall.of(WindowFunction.SUM, BIGINT, 1));
        assertThat(output).isEmpty();
    }

    @Test
    void lagAndLeadValues() {
        List<List<Object>> rows = List.of(
                row(1, 1, "a", "x", 1L), row(1, 2, null, "y", 2L), row(1, 3, "c", "z", null), row(1, 4, "d", null, 1L),
                row(2, 1, "e", "w", 5L));
        List<List<Object>> output = run(types(INT, INT, TEXT, TEXT, BIGINT), rows, List.of(0), List.of(SortKey.ascending(1)),
                WindowFrame.DEFAULT,
                WindowCall.of(WindowFunction.LAG, TEXT, 2),
                WindowCall.of(WindowFunction.LEAD, TEXT, 2),
                WindowCall.of(WindowFunction.LAG, TEXT, 2, 4, 3),
                WindowCall.of(WindowFunction.LEAD, TEXT, 2, 4, 3));
        assertThat(lastColumns(output, 4)).containsExactly(
                // lag 1, lead 1, lag by the offset column with the default column, lead likewise
                Arrays.asList(null, null, "x", null),
                Arrays.asList("a", "c", "y", "d"),
                Arrays.asList(null, "d", null, null),
                Arrays.asList("c", null, "c", null),
                Arrays.asList(null, null, "w", "w"));
    }

    @Test
    void ntileDealsUnevenPartitions() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(row(1, i, 3L));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(row(2, i, 5L));
        }
        rows.add(row(3, 0, null));
        List<List<Object>> output = run(types(INT, INT, BIGINT), rows, List.of(0), List.of(SortKey.ascending(1)),
                WindowFrame.DEFAULT, WindowCall.of(WindowFunction.NTILE, BIGINT, 2));
        assertThat(output.stream().map(row -> row.get(3)).toList())
                .containsExactly(1L, 1L, 1L, 1L, 2L, 2L, 2L, 3L, 3L, 3L, 1L, 2L, 3L, null);
    }

    @Test
    void ntileRejectsNonPositiveBucketCounts() {
        WindowNode node = new WindowNode(NO_INPUT, List.of(), List.of(SortKey.ascending(0)), WindowFrame.DEFAULT,
                List.of(WindowCall.of(WindowFunction.NTILE, BIGINT, 1)));
        try (WindowOperator window = new WindowOperator(context(),
                BatchSource.of(allocator, types(INT, BIGINT), List.of(row(1, 0L))), node)) {
            assertThatThrownBy(() -> drain(window)).isInstanceOf(DataException.class).hasMessageContaining("NTILE");
        }
    }

    @Test
    void rowsAndRangeFramesDifferOnPeers() {
        // Order key with ties: the RANGE running sum includes the peers, the ROWS one does not.
        List<List<Object>> rows = List.of(row(1, 10L), row(2, 20L), row(2, 30L), row(3, null), row(4, 40L));
        List<List<Object>> output = run(types(INT, BIGINT), rows, List.of(), List.of(SortKey.ascending(0)), WindowFrame.DEFAULT,
                WindowCall.of(WindowFunction.SUM, BIGINT, 1));
        assertThat(lastColumns(output, 1)).containsExactly(row(10L), row(60L), row(60L), row(60L), row(100L));
        output = run(types(INT, BIGINT), rows, List.of(), List.of(SortKey.ascending(0)), ROWS_RUNNING,
                WindowCall.of(WindowFunction.SUM, BIGINT, 1));
        assertThat(lastColumns(output, 1)).containsExactly(row(10L), row(30L), row(60L), row(60L), row(100L));
        WindowFrame toEnd = new WindowFrame(WindowFrame.Unit.RANGE, Bound.currentRow(), Bound.unboundedFollowing());
        output = run(types(INT, BIGINT), rows, List.of(), List.of(SortKey.ascending(0)), toEnd,
                WindowCall.of(WindowFunction.SUM, BIGINT, 1), WindowCall.of(WindowFunction.FIRST_VALUE, BIGINT, 1));
        assertThat(lastColumns(output, 2)).containsExactly(
                row(100L, 10L), row(90L, 20L), row(90L, 20L), row(40L, null), row(40L, 40L));
    }

    @Test
    void rangeFramesWithOffsetsOverDecimalsAndNulls() {
        // RANGE BETWEEN 1.5 PRECEDING AND 1 FOLLOWING over a decimal key; the NULL-key rows see only each other.
        List<List<Object>> rows = List.of(
                row(decimal("1.00"), 1L), row(decimal("2.00"), 2L), row(decimal("2.50"), 4L), row(decimal("4.00"), 8L),
                row(null, 16L), row(null, 32L), row(decimal("5.00"), 64L));
        WindowFrame frame = new WindowFrame(WindowFrame.Unit.RANGE,
                new Bound(WindowFrame.BoundKind.PRECEDING, new BigDecimal("1.5")), Bound.following(1));
        List<List<Object>> output = run(types(DEC, BIGINT), rows, List.of(), List.of(SortKey.ascending(0)), frame,
                WindowCall.of(WindowFunction.SUM, BIGINT, 1), WindowCall.of(WindowFunction.COUNT_STAR, RANK_TYPE));
        assertThat(output).containsExactly(
                row(decimal("1.00"), 1L, 3L, 2L),
                row(decimal("2.00"), 2L, 7L, 3L),
                row(decimal("2.50"), 4L, 7L, 3L),
                row(decimal("4.00"), 8L, 76L, 3L),
                row(decimal("5.00"), 64L, 72L, 2L),
                row(null, 16L, 48L, 2L),
                row(null, 32L, 48L, 2L));
        // Descending: PRECEDING rows have larger keys.
        output = run(types(DEC, BIGINT), rows, List.of(), List.of(new SortKey(0, true, false)), frame,
                WindowCall.of(WindowFunction.SUM, BIGINT, 1));
        assertThat(lastColumns(output, 1)).containsExactly(
                row(72L), row(72L), row(14L), row(7L), row(7L), row(48L), row(48L));
    }

    @Test
    void rangeFramesOverDatesCountDays() {
        List<List<Object>> rows = List.of(
                row(TestData.date("2024-01-01"), 1L), row(TestData.date("2024-01-03"), 2L),
                row(TestData.date("2024-01-04"), 4L), row(TestData.date("2024-01-10"), 8L));
        WindowFrame lastThreeDays = new WindowFrame(WindowFrame.Unit.RANGE, Bound.preceding(2), Bound.currentRow());
        List<List<Object>> output = run(types(DataType.date(true), BIGINT), rows, List.of(), List.of(SortKey.ascending(0)),
                lastThreeDays, WindowCall.of(WindowFunction.SUM, BIGINT, 1));
        assertThat(lastColumns(output, 1)).containsExactly(row(1L), row(3L), row(6L), row(8L));
    }

    @Test
    void decimalSumsAreExactAndIgnoreNulls() {
        List<List<Object>> rows = List.of(
                row(1, 1, decimal("1.10")), row(1, 2, null), row(1, 3, decimal("-0.35")), row(2, 1, null),
                row(3, 1, decimal("9999999.99")), row(3, 2, decimal("9999999.99")));
        List<List<Object>> output = run(types(INT, INT, DEC), rows, List.of(0), List.of(SortKey.ascending(1)), WindowFrame.DEFAULT,
                WindowCall.of(WindowFunction.SUM, SUM_DEC, 2),
                WindowCall.of(WindowFunction.AVG, DOUBLE, 2),
                WindowCall.of(WindowFunction.AVG, DataType.decimal(13, 3, true), 2),
                WindowCall.of(WindowFunction.MIN, DEC, 2),
                WindowCall.of(WindowFunction.MAX, DEC, 2));
        assertThat(lastColumns(output, 5)).containsExactly(
                Arrays.asList(decimal("1.10"), 1.1, decimal("1.100"), decimal("1.10"), decimal("1.10")),
                Arrays.asList(decimal("1.10"), 1.1, decimal("1.100"), decimal("1.10"), decimal("1.10")),
                Arrays.asList(decimal("0.75"), 0.375, decimal("0.375"), decimal("-0.35"), decimal("1.10")),
                Arrays.asList(null, null, null, null, null),
                Arrays.asList(decimal("9999999.99"), 9999999.99, decimal("9999999.990"), decimal("9999999.99"), decimal("9999999.99")),
                Arrays.asList(decimal("19999999.98"), 9999999.99, decimal("9999999.990"), decimal("9999999.99"), decimal("9999999.99")));
    }

    @Test
    void decimalSumsBeyondSixtyFourBitsStayExactInSlidingFrames() {
        DataType wide = DataType.decimal(38, 0, true);
        BigDecimal big = new BigDecimal("9000000000000000000");
        BigDecimal five = BigDecimal.valueOf(5);
        List<BigDecimal> values = List.of(big, big, big, big.negate(), big.negate(), five);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            rows.add(row(i, values.get(i)));
        }
        WindowFrame frame = new WindowFrame(WindowFrame.Unit.ROWS, Bound.preceding(1), Bound.following(1));
        List<List<Object>> output = run(types(INT, wide), rows, List.of(), List.of(SortKey.ascending(0)), frame,
                WindowCall.of(WindowFunction.SUM, wide, 1));
        BigDecimal two = BigDecimal.TWO;
        assertThat(lastColumns(output, 1)).containsExactly(
                row(big.multiply(two)), row(big.multiply(BigDecimal.valueOf(3))), row(big), row(big.negate()),
                row(five.subtract(big.multiply(two))), row(five.subtract(big)));
        List<List<Object>> running = run(types(INT, wide), rows, List.of(), List.of(SortKey.ascending(0)), ROWS_RUNNING,
                WindowCall.of(WindowFunction.SUM, wide, 1), WindowCall.of(WindowFunction.MAX, wide, 1));
        assertThat(lastColumns(running, 2)).containsExactly(
                row(big, big), row(big.multiply(two), big), row(big.multiply(BigDecimal.valueOf(3)), big),
                row(big.multiply(two), big), row(big, big), row(big.add(five), big));
    }

    @Test
    void bigintSumOverflowIsAnError() {
        List<List<Object>> rows = List.of(row(1, Long.MAX_VALUE), row(2, 1L));
        WindowNode node = new WindowNode(NO_INPUT, List.of(), List.of(SortKey.ascending(0)), WindowFrame.DEFAULT,
                List.of(WindowCall.of(WindowFunction.SUM, BIGINT, 1)));
        try (WindowOperator window = new WindowOperator(context(), BatchSource.of(allocator, types(INT, BIGINT), rows), node)) {
            assertThatThrownBy(() -> drain(window)).isInstanceOf(DataException.class).hasMessage("bigint overflow");
        }
        // A frame whose sum fits is fine even when a running total would overflow on the way.
        WindowFrame single = new WindowFrame(WindowFrame.Unit.ROWS, Bound.currentRow(), Bound.currentRow());
        List<List<Object>> output = run(types(INT, BIGINT), List.of(row(1, Long.MAX_VALUE), row(2, Long.MAX_VALUE), row(3, 5L)),
                List.of(), List.of(SortKey.ascending(0)), single, WindowCall.of(WindowFunction.SUM, BIGINT, 1));
        assertThat(lastColumns(output, 1)).containsExactly(row(Long.MAX_VALUE), row(Long.MAX_VALUE), row(5L));
    }

    @Test
    void frameValuesOfEmptyAndShortFrames() {
        List<List<Object>> rows = List.of(row(1, 10L, 1L), row(2, null, 2L), row(3, 30L, 1L), row(4, 40L, 2L));
        WindowFrame before = new WindowFrame(WindowFrame.Unit.ROWS, Bound.preceding(2), Bound.preceding(1));
        List<List<Object>> output = run(types(INT, BIGINT, BIGINT), rows, List.of(), List.of(SortKey.ascending(0)), before,
                WindowCall.of(WindowFunction.FIRST_VALUE, BIGINT, 1),
                WindowCall.of(WindowFunction.LAST_VALUE, BIGINT, 1),
                WindowCall.of(WindowFunction.COUNT_STAR, RANK_TYPE),
                WindowCall.of(WindowFunction.MAX, BIGINT, 1),
                WindowCall.of(WindowFunction.NTH_VALUE, BIGINT, 1, 2));
        assertThat(lastColumns(output, 5)).containsExactly(
                Arrays.asList(null, null, 0L, null, null),
                Arrays.asList(10L, 10L, 1L, 10L, null),
                Arrays.asList(10L, null, 2L, 10L, 10L),
                Arrays.asList(null, 30L, 2L, 30L, 30L));
        WindowFrame inverted = new WindowFrame(WindowFrame.Unit.ROWS, Bound.following(1), Bound.preceding(1));
        output = run(types(INT, BIGINT, BIGINT), rows, List.of(), List.of(SortKey.ascending(0)), inverted,
                WindowCall.of(WindowFunction.COUNT_STAR, RANK_TYPE), WindowCall.of(WindowFunction.SUM, BIGINT, 1));
        assertThat(lastColumns(output, 2)).containsExactly(
                Arrays.asList(0L, null), Arrays.asList(0L, null), Arrays.asList(0L, null), Arrays.asList(0L, null));
    }

    @Test
    void minAndMaxOfStringsOverSlidingFrames() {
        List<List<Object>> rows = List.of(row(1, "m"), row(2, "z"), row(3, null), row(4, "a"), row(5, "q"), row(6, "b"));
        WindowFrame frame = new WindowFrame(WindowFrame.Unit.ROWS, Bound.preceding(1), Bound.following(1));
        List<List<Object>> output = run(types(INT, TEXT), rows, List.of(), List.of(SortKey.ascending(0)), frame,
                WindowCall.of(WindowFunction.MIN, TEXT, 1), WindowCall.of(WindowFunction.MAX, TEXT, 1));
        assertThat(lastColumns(output, 2)).containsExactly(
                row("m", "z"), row("m", "z"), row("a", "z"), row("a", "q"), row("a", "q"), row("b", "q"));
    }

    @Test
    void outputSpansSeveralBatches() {
        int count = Operator.TARGET_BATCH_ROWS + 1000;
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(i % 3, (long) (count - i)));
        }
        WindowNode node = new WindowNode(NO_INPUT, List.of(0), List.of(SortKey.ascending(1)), WindowFrame.DEFAULT,
                List.of(WindowCall.of(WindowFunction.ROW_NUMBER, RANK_TYPE), WindowCall.of(WindowFunction.SUM, BIGINT, 1)));
        try (WindowOperator window = new WindowOperator(context(), BatchSource.chunked(allocator, types(INT, BIGINT), rows, 5000),
                node)) {
            List<List<Object>> output = inEvaluationOrder(drain(window), List.of(0), List.of(SortKey.ascending(1)));
            assertThat(output).hasSize(count);
            long[] sums = new long[3];
            long[] numbers = new long[3];
            for (List<Object> row : output) {
                int partition = (int) row.get(0);
                sums[partition] += (long) row.get(1);
                numbers[partition]++;
                assertThat(row.subList(2, 4)).containsExactly(numbers[partition], sums[partition]);
            }
        }
    }

    @Test
    void outputKeepsInputOrderWithRanksOverStringPartitionsAndDecimalsDescending() {
        // Two string partition keys with NULLs, a decimal order key descending with NULLs and ties (like TPC-DS Q67).
        Random random = new Random(5);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String first = random.nextInt(9) == 0 ? null : "c" + random.nextInt(4);
            String second = random.nextInt(9) == 0 ? null : "b" + random.nextInt(30);
            BigDecimal amount = random.nextInt(11) == 0 ? null : BigDecimal.valueOf(random.nextInt(200) - 100, 2);
            rows.add(row(first, second, amount, (long) i));
        }
        WindowNode node = new WindowNode(NO_INPUT, List.of(0, 1), List.of(new SortKey(2, true, false)), WindowFrame.DEFAULT,
                List.of(WindowCall.of(WindowFunction.RANK, RANK_TYPE), WindowCall.of(WindowFunction.COUNT_STAR, RANK_TYPE)));
        List<List<Object>> output;
        try (WindowOperator window = new WindowOperator(context(),
                BatchSource.chunked(allocator, types(TEXT, TEXT, DEC, BIGINT), rows, 700), node)) {
            output = drain(window);
        }
        assertThat(output).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<Object> row = output.get(i);
            assertThat(row.subList(0, 4)).isEqualTo(rows.get(i));
            // RANK: 1 + rows of the partition sorting strictly first (larger amounts; NULLs last). COUNT(*) over the
            // default frame: rows sorting first or peers.
            long before = 0;
            long peersOrBefore = 0;
            for (List<Object> other : rows) {
                if (!java.util.Objects.equals(other.get(0), row.get(0)) || !java.util.Objects.equals(other.get(1), row.get(1))) {
                    continue;
                }
                BigDecimal mine = (BigDecimal) row.get(2);
                BigDecimal theirs = (BigDecimal) other.get(2);
                int comparison = mine == null || theirs == null
                        ? (mine == theirs ? 0 : mine == null ? 1 : -1)
                        : theirs.compareTo(mine);
                if (comparison > 0) {
                    before++;
                }
                if (comparison >= 0) {
                    peersOrBefore++;
                }
            }
            assertThat(row.subList(4, 6)).as("row %d", i).containsExactly(before + 1, peersOrBefore);
        }
    }

    @Test
    void invalidCallsAreRejected() {
        BatchSource source = BatchSource.of(allocator, types(INT, TEXT), List.of());
        WindowNode sumOfText = new WindowNode(NO_INPUT, List.of(), List.of(), WindowFrame.DEFAULT,
                List.of(WindowCall.of(WindowFunction.SUM, TEXT, 1)));
        assertThatThrownBy(() -> new WindowOperator(context(), source, sumOfText)).isInstanceOf(IllegalArgumentException.class);
        WindowNode rangeOverText = new WindowNode(NO_INPUT, List.of(), List.of(SortKey.ascending(1)),
                new WindowFrame(WindowFrame.Unit.RANGE, Bound.preceding(1), Bound.currentRow()),
                List.of(WindowCall.of(WindowFunction.COUNT_STAR, RANK_TYPE)));
        assertThatThrownBy(() -> new WindowOperator(context(), source, rangeOverText)).isInstanceOf(IllegalArgumentException.class);
        WindowNode missingColumn = new WindowNode(NO_INPUT, List.of(5), List.of(), WindowFrame.DEFAULT,
                List.of(WindowCall.of(WindowFunction.RANK, RANK_TYPE)));
        assertThatThrownBy(() -> new WindowOperator(context(), source, missingColumn)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowNodesSurviveTheTaskCodec() {
        WindowNode node = new WindowNode(NO_INPUT, List.of(0, 2), List.of(new SortKey(1, true, false)),
                new WindowFrame(WindowFrame.Unit.RANGE, new Bound(WindowFrame.BoundKind.PRECEDING, new BigDecimal("2.50")),
                        Bound.unboundedFollowing()),
                List.of(WindowCall.of(WindowFunction.LAG, TEXT, 3, 4, 5), WindowCall.of(WindowFunction.SUM, SUM_DEC, 6)));
        PlanNode decoded = TaskCodec.decode(TaskCodec.encode(node), PlanNode.class);
        assertThat(decoded).isEqualTo(node);
    }

    // ------------------------------------------------------------------ randomised comparison with a reference

    /** Columns: partition INT, order INT, BIGINT value, DOUBLE value, VARCHAR value, DECIMAL value; all with NULLs. */
    private static List<List<Object>> randomRows(Random random, int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(
                    random.nextInt(8) == 0 ? null : random.nextInt(4),
                    random.nextInt(6) == 0 ? null : random.nextInt(12),
                    random.nextInt(5) == 0 ? null : (long) random.nextInt(200) - 100,
                    random.nextInt(5) == 0 ? null : (random.nextInt(400) - 200) / 4.0,
                    random.nextInt(5) == 0 ? null : "s" + random.nextInt(50),
                    random.nextInt(5) == 0 ? null : BigDecimal.valueOf(random.nextInt(100000) - 50000, 2)));
        }
        return rows;
    }

    private static final List<DataType> RANDOM_TYPES = types(INT, INT, BIGINT, DOUBLE, TEXT, DEC);

    private static final List<WindowCall> RANDOM_CALLS = List.of(
            WindowCall.of(WindowFunction.ROW_NUMBER, RANK_TYPE),
            WindowCall.of(WindowFunction.RANK, RANK_TYPE),
            WindowCall.of(WindowFunction.DENSE_RANK, RANK_TYPE),
            WindowCall.of(WindowFunction.COUNT_STAR, RANK_TYPE),
            WindowCall.of(WindowFunction.COUNT, RANK_TYPE, 4),
            WindowCall.of(WindowFunction.SUM, BIGINT, 2),
            WindowCall.of(WindowFunction.SUM, DOUBLE, 3),
            WindowCall.of(WindowFunction.SUM, SUM_DEC, 5),
            WindowCall.of(WindowFunction.AVG, DOUBLE, 5),
            WindowCall.of(WindowFunction.MIN, TEXT, 4),
            WindowCall.of(WindowFunction.MAX, BIGINT, 2),
            WindowCall.of(WindowFunction.MIN, DOUBLE, 3),
            WindowCall.of(WindowFunction.FIRST_VALUE, TEXT, 4),
            WindowCall.of(WindowFunction.LAST_VALUE, BIGINT, 2));

    @Test
    void randomFramesMatchTheReference() {
        Random random = new Random(42);
        List<WindowFrame> frames = List.of(
                WindowFrame.DEFAULT,
                WindowFrame.PARTITION,
                ROWS_RUNNING,
                new WindowFrame(WindowFrame.Unit.ROWS, Bound.preceding(2), Bound.following(1)),
                new WindowFrame(WindowFrame.Unit.ROWS, Bound.currentRow(), Bound.unboundedFollowing()),
                new WindowFrame(WindowFrame.Unit.ROWS, Bound.preceding(3), Bound.preceding(1)),
                new WindowFrame(WindowFrame.Unit.ROWS, Bound.following(1), Bound.following(4)),
                new WindowFrame(WindowFrame.Unit.RANGE, Bound.currentRow(), Bound.unboundedFollowing()),
                new WindowFrame(WindowFrame.Unit.RANGE, Bound.preceding(2), Bound.following(2)),
                new WindowFrame(WindowFrame.Unit.RANGE, Bound.preceding(5), Bound.preceding(1)),
                new WindowFrame(WindowFrame.Unit.RANGE, Bound.unboundedPreceding(), Bound.following(3)),
                new WindowFrame(WindowFrame.Unit.RANGE, Bound.following(1), Bound.following(3)));
        List<List<SortKey>> orders = List.of(
                List.of(SortKey.ascending(1)), List.of(new SortKey(1, true, true)), List.of(new SortKey(1, false, true)),
                List.of(new SortKey(1, true, false)));
        for (int round = 0; round < 6; round++) {
            List<List<Object>> rows = randomRows(random, 20 + random.nextInt(300));
            for (WindowFrame frame : frames) {
                for (List<SortKey> order : orders) {
                    List<Integer> partition = round % 3 == 2 ? List.of() : List.of(0);
                    List<List<Object>> actual = run(RANDOM_TYPES, rows, 1 + random.nextInt(64), partition, order, frame,
                            RANDOM_CALLS.toArray(WindowCall[]::new));
                    List<List<Object>> expected = reference(rows, partition, order.getFirst(), frame);
                    assertThat(actual).as("frame %s, order %s, partition %s", frame, order, partition).isEqualTo(expected);
                }
            }
        }
    }

    /** A brute-force evaluation of {@link #RANDOM_CALLS} (one order key, column 1), by the definitions. */
    private static List<List<Object>> reference(List<List<Object>> input, List<Integer> partitionKeys, SortKey order,
            WindowFrame frame) {
        Comparator<List<Object>> byPartition = (a, b) -> 0;
        for (int key : partitionKeys) {
            byPartition = byPartition.thenComparing(nullable(key, false, false));
        }
        List<List<Object>> rows = new ArrayList<>(input);
        rows.sort(byPartition.thenComparing(nullable(order.column(), order.descending(), order.nullsFirst())));
        List<List<Object>> output = new ArrayList<>();
        int start = 0;
        while (start < rows.size()) {
            int end = start;
            while (end < rows.size() && byPartition.compare(rows.get(start), rows.get(end)) == 0) {
                end++;
            }
            List<List<Object>> partition = rows.subList(start, end);
            for (int i = 0; i < partition.size(); i++) {
                output.add(referenceRow(partition, i, order, frame));
            }
            start = end;
        }
        return output;
    }

    private static List<Object> referenceRow(List<List<Object>> partition, int i, SortKey order, WindowFrame frame) {
        int key = order.column();
        Object value = partition.get(i).get(key);
        int peerStart = i;
        while (peerStart > 0 && java.util.Objects.equals(partition.get(peerStart - 1).get(key), value)) {
            peerStart--;
        }
        int peerEnd = i + 1;
        while (peerEnd < partition.size() && java.util.Objects.equals(partition.get(peerEnd).get(key), value)) {
            peerEnd++;
        }
        long denseRank = 1;
        for (int j = 1; j <= i; j++) {
            if (!java.util.Objects.equals(partition.get(j - 1).get(key), partition.get(j).get(key))) {
                denseRank++;
            }
        }
        int frameStart = bound(partition, i, frame, frame.start(), false, peerStart, peerEnd, order);
        int frameEnd = Math.max(frameStart, bound(partition, i, frame, frame.end(), true, peerStart, peerEnd, order));
        List<List<Object>> inFrame = partition.subList(frameStart, frameEnd);
        List<Object> row = new ArrayList<>(partition.get(i));
        row.add((long) i + 1);
        row.add((long) peerStart + 1);
        row.add(denseRank);
        row.add((long) inFrame.size());
        row.add(inFrame.stream().filter(r -> r.get(4) != null).count());
        List<Long> longs = inFrame.stream().map(r -> (Long) r.get(2)).filter(java.util.Objects::nonNull).toList();
        List<Double> doubles = inFrame.stream().map(r -> (Double) r.get(3)).filter(java.util.Objects::nonNull).toList();
        List<String> strings = inFrame.stream().map(r -> (String) r.get(4)).filter(java.util.Objects::nonNull).toList();
        List<BigDecimal> decimals = inFrame.stream().map(r -> (BigDecimal) r.get(5)).filter(java.util.Objects::nonNull).toList();
        row.add(longs.isEmpty() ? null : longs.stream().mapToLong(Long::longValue).sum());
        row.add(doubles.isEmpty() ? null : doubles.stream().mapToDouble(Double::doubleValue).sum());
        BigDecimal decimalSum = decimals.stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        row.add(decimals.isEmpty() ? null : decimalSum);
        row.add(decimals.isEmpty() ? null : decimalSum.doubleValue() / decimals.size());
        row.add(strings.stream().min(Comparator.naturalOrder()).orElse(null));
        row.add(longs.stream().max(Comparator.naturalOrder()).orElse(null));
        row.add(doubles.stream().min(Comparator.naturalOrder()).orElse(null));
        row.add(inFrame.isEmpty() ? null : inFrame.getFirst().get(4));
        row.add(inFrame.isEmpty() ? null : inFrame.getLast().get(2));
        return row;
    }

    /** A frame bound as a position of the partition (an end bound: one past the last row), by brute force. */
    private static int bound(List<List<Object>> partition, int i, WindowFrame frame, Bound bound, boolean end,
            int peerStart, int peerEnd, SortKey order) {
        int size = partition.size();
        long offset = bound.offset() == null ? 0 : bound.offset().longValueExact();
        if (frame.unit() == WindowFrame.Unit.ROWS) {
            long position = switch (bound.kind()) {
                case UNBOUNDED_PRECEDING -> 0;
                case PRECEDING -> i - offset + (end ? 1 : 0);
                case CURRENT_ROW -> i + (end ? 1 : 0);
                case FOLLOWING -> i + offset + (end ? 1 : 0);
                case UNBOUNDED_FOLLOWING -> size;
            };
            return (int) Math.max(0, Math.min(size, position));
        }
        Integer value = (Integer) partition.get(i).get(order.column());
        switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> {
                return 0;
            }
            case UNBOUNDED_FOLLOWING -> {
                return size;
            }
            case CURRENT_ROW -> {
                return end ? peerEnd : peerStart;
            }
            default -> {
                if (value == null) {
                    return end ? peerEnd : peerStart;
                }
                int direction = order.descending() ? -1 : 1;
                long target = value + (bound.kind() == WindowFrame.BoundKind.PRECEDING ? -direction : direction) * offset;
                // Rows with non-null keys form one run; the bound is found within it.
                int first = -1;
                int last = -1;
                for (int j = 0; j < size; j++) {
                    if (partition.get(j).get(order.column()) != null) {
                        first = first < 0 ? j : first;
                        last = j;
                    }
                }
                for (int j = first; j <= last; j++) {
                    long other = (Integer) partition.get(j).get(order.column());
                    long comparison = direction * Long.compare(other, target);
                    if (end ? comparison > 0 : comparison >= 0) {
                        return j;
                    }
                }
                return last + 1;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<List<Object>> nullable(int column, boolean descending, boolean nullsFirst) {
        return (a, b) -> {
            Comparable x = (Comparable) a.get(column);
            Comparable y = (Comparable) b.get(column);
            if (x == null || y == null) {
                return x == y ? 0 : x == null ? (nullsFirst ? -1 : 1) : (nullsFirst ? 1 : -1);
            }
            int c = x.compareTo(y);
            return descending ? -c : c;
        };
    }
}
