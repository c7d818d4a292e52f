package io.proteus.executor.operator;

import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.operator.sort.SortOperator;
import io.proteus.executor.operator.sort.TopNOperator;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortTest extends OperatorTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);

    /** Rows (key1 INT with NULLs, key2 TEXT with NULLs, decimal, sequence number). */
    private static List<List<Object>> rows(int count, long seed) {
        Random random = new Random(seed);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Integer first = random.nextInt(10) == 0 ? null : random.nextInt(20) - 10;
            String second = random.nextInt(8) == 0 ? null : "s" + random.nextInt(5);
            rows.add(row(first, second, new java.math.BigDecimal(random.nextInt(2000) - 1000).movePointLeft(2), (long) i));
        }
        return rows;
    }

    /** Reference comparator of one key over Java rows, NULL placement independent of direction. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<List<Object>> key(int column, boolean descending, boolean nullsFirst) {
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

    private static List<List<Object>> expected(List<List<Object>> rows, Comparator<List<Object>> order) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(order); // List.sort is stable
        return copy;
    }

    @Test
    void multiKeySortIsStableWithNullPlacement() {
        List<List<Object>> input = rows(5000, 1);
        List<DataType> types = types(INT, TEXT, DEC, BIGINT);
        for (boolean descending : new boolean[] {false, true}) {
            for (boolean nullsFirst : new boolean[] {false, true}) {
                List<SortKey> keys = List.of(new SortKey(1, descending, nullsFirst), new SortKey(0, !descending, !nullsFirst));
                try (SortOperator sort = new SortOperator(context(), BatchSource.chunked(allocator, types, input, 700), keys)) {
                    assertThat(drain(sort)).isEqualTo(expected(input,
                            key(1, descending, nullsFirst).thenComparing(key(0, !descending, !nullsFirst))));
                }
            }
        }
    }

    @Test
    void singleIntegerKeyFastPathIsStable() {
        List<List<Object>> input = rows(3000, 2);
        List<DataType> types = types(INT, TEXT, DEC, BIGINT);
        for (boolean descending : new boolean[] {false, true}) {
            for (boolean nullsFirst : new boolean[] {false, true}) {
                try (SortOperator sort = new SortOperator(context(), BatchSource.chunked(allocator, types, input, 999),
                        List.of(new SortKey(0, descending, nullsFirst)))) {
                    assertThat(drain(sort)).isEqualTo(expected(input, key(0, descending, nullsFirst)));
                }
            }
        }
        List<List<Object>> extremes = List.of(row(Integer.MAX_VALUE), row(Integer.MIN_VALUE), row(0), row(-1), row((Object) null));
        try (SortOperator sort = new SortOperator(context(), BatchSource.of(allocator, types(INT), extremes),
                List.of(SortKey.ascending(0)))) {
            assertThat(drain(sort)).containsExactly(row(Integer.MIN_VALUE), row(-1), row(0), row(Integer.MAX_VALUE),
                    row((Object) null));
        }
    }

    @Test
    void decimalAndEmptyInput() {
        List<List<Object>> input = List.of(row(decimal("1.50")), row(decimal("-2.00")), row(decimal("0.01")));
        try (SortOperator sort = new SortOperator(context(), BatchSource.of(allocator, types(DEC), input),
                List.of(new SortKey(0, true, false)))) {
            assertThat(drain(sort)).containsExactly(row(decimal("1.50")), row(decimal("0.01")), row(decimal("-2.00")));
        }
        try (SortOperator sort = new SortOperator(context(), new BatchSource(allocator, types(DEC), List.of()),
                List.of(SortKey.ascending(0)))) {
            assertThat(drain(sort)).isEmpty();
        }
    }

    @Test
    void topNWithTiesKeepsEarliestRows() {
        List<List<Object>> input = rows(20_000, 3);
        List<DataType> types = types(INT, TEXT, DEC, BIGINT);
        List<SortKey> keys = List.of(new SortKey(0, true, false));
        for (long count : new long[] {0, 1, 7, 100, 5000, 25_000}) {
            try (TopNOperator topN = new TopNOperator(context(), BatchSource.chunked(allocator, types, input, 4096), keys,
                    count)) {
                List<List<Object>> all = expected(input, key(0, true, false));
                assertThat(drain(topN)).as("top %d", count).isEqualTo(all.subList(0, (int) Math.min(count, all.size())));
            }
        }
        List<SortKey> twoKeys = List.of(new SortKey(1, false, true), new SortKey(2, true, true));
        try (TopNOperator topN = new TopNOperator(context(), BatchSource.chunked(allocator, types, input, 1000), twoKeys, 50)) {
            assertThat(drain(topN)).isEqualTo(expected(input, key(1, false, true).thenComparing(key(2, true, true)))
                    .subList(0, 50));
        }
    }
}
