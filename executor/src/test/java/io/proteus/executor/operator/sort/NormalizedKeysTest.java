package io.proteus.executor.operator.sort;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.type.DataType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Normalized keys order rows exactly as the row comparator does (stable, every direction and NULL placement, every
 * column type, values at the types' extremes), whether the ordinals pack into one long or not, and tell equal keys.
 */
class NormalizedKeysTest {

    private static final int ROWS = 3000;

    private static Column column(String kind, Random random, int rows, int distinct) {
        Column column = switch (kind) {
            case "int" -> Column.create(DataType.integer(true), rows);
            case "wideInt" -> Column.create(DataType.integer(true), rows);
            case "long" -> Column.create(DataType.bigint(true), rows);
            case "extremeLong" -> Column.create(DataType.bigint(true), rows);
            case "decimal" -> Column.create(DataType.decimal(18, 2, true), rows);
            case "double" -> Column.create(DataType.doubleType(true), rows);
            case "bool" -> Column.create(DataType.bool(true), rows);
            default -> Column.create(DataType.varchar(true), rows);
        };
        double[] specials = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, -1.5};
        for (int row = 0; row < rows; row++) {
            int pick = random.nextInt(distinct);
            switch (column) {
                case IntColumn ints -> ints.values()[row] = kind.equals("wideInt")
                        ? (pick % 2 == 0 ? Integer.MIN_VALUE + pick : Integer.MAX_VALUE - pick) : pick - distinct / 2;
                case LongColumn longs -> longs.values()[row] = kind.equals("extremeLong")
                        ? (pick % 3 == 0 ? Long.MIN_VALUE + pick : pick % 3 == 1 ? Long.MAX_VALUE - pick : pick)
                        : (long) pick * 1_000_000_007L;
                case DecimalColumn decimals -> decimals.setLong(row, (long) (pick - distinct / 2) * 37);
                case DoubleColumn doubles -> doubles.values()[row] = pick < specials.length ? specials[pick] : pick * 0.25 - 3;
                case BooleanColumn booleans -> booleans.values()[row] = pick % 2 == 0;
                case VarcharColumn strings -> strings.append(row, pick % 5 == 0 ? "" : pick % 5 == 1 ? "é" + pick : "s" + pick);
            }
            if (random.nextInt(7) == 0) {
                column.setNull(row, true);
            }
        }
        return column;
    }

    private static int[] reference(List<Column> columns, List<SortKey> keys, int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Sorting.sort(order, rows, RowComparator.of(columns, keys));
        return order;
    }

    @Test
    void ordersAsTheRowComparatorForEveryTypeDirectionAndNullPlacement() {
        Random random = new Random(42);
        String[] kinds = {"int", "wideInt", "long", "extremeLong", "decimal", "double", "bool", "varchar"};
        for (String first : kinds) {
            for (String second : kinds) {
                for (int variant = 0; variant < 4; variant++) {
                    List<Column> columns = List.of(column(first, random, ROWS, 40), column(second, random, ROWS, 900));
                    List<SortKey> keys = List.of(new SortKey(0, variant % 2 == 0, variant / 2 == 0),
                            new SortKey(1, variant / 2 == 1, variant % 2 == 1));
                    NormalizedKeys normalized = NormalizedKeys.of(columns, keys, ROWS);
                    int[] sorted = normalized.sortedRows();
                    assertThat(sorted).as("%s, %s, variant %d", first, second, variant)
                            .containsExactly(reference(columns, keys, ROWS));
                    checkBoundaries(normalized, sorted, columns, keys);
                    for (int row = 1; row < ROWS; row++) {
                        boolean equal = RowComparator.of(columns, keys).compare(row - 1, row) == 0;
                        assertThat(normalized.equal(row - 1, row, 0, 2)).isEqualTo(equal);
                    }
                }
            }
        }
    }

    @Test
    void keysTooWideForOneLongCompareThePackedPrefixThenTheRest() {
        Random random = new Random(7);
        List<Column> columns = new ArrayList<>();
        List<SortKey> keys = new ArrayList<>();
        for (int key = 0; key < 6; key++) {
            // Wide integer ranges and distinct values: about 12 bits each, 72 in all, plus the row index.
            columns.add(column(key % 2 == 0 ? "extremeLong" : "varchar", random, ROWS, 2500));
            keys.add(new SortKey(key, key % 3 == 0, key % 2 == 0));
        }
        NormalizedKeys normalized = NormalizedKeys.of(columns, keys, ROWS);
        int[] sorted = normalized.sortedRows();
        assertThat(sorted).containsExactly(reference(columns, keys, ROWS));
        checkBoundaries(normalized, sorted, columns, keys);
        // A subset of the rows, as TopN sorts its candidates.
        int[] subset = new int[ROWS / 3];
        for (int i = 0; i < subset.length; i++) {
            subset[i] = i * 3;
        }
        int[] expected = subset.clone();
        Sorting.sort(expected, expected.length, RowComparator.of(columns, keys));
        normalized.sort(subset, subset.length);
        assertThat(subset).containsExactly(expected);
    }

    /** Whether each sorted position has the same leading keys as the one before, for every number of leading keys. */
    private static void checkBoundaries(NormalizedKeys normalized, int[] sorted, List<Column> columns, List<SortKey> keys) {
        for (int keyCount = 0; keyCount <= keys.size(); keyCount++) {
            RowComparator leading = RowComparator.of(columns.subList(0, keyCount), keys.subList(0, keyCount));
            for (int position = 1; position < sorted.length; position++) {
                boolean same = keyCount == 0 || leading.compare(sorted[position - 1], sorted[position]) == 0;
                assertThat(normalized.sameAsPrevious(position, keyCount)).as("position %d, %d keys", position, keyCount)
                        .isEqualTo(same);
            }
        }
    }

    @Test
    void allNullsEmptyAndSingleRow() {
        Column nulls = Column.create(DataType.varchar(true), 5);
        for (int row = 0; row < 5; row++) {
            nulls.setNull(row, true);
        }
        Column ints = Column.create(DataType.integer(true), 5);
        for (int row = 0; row < 5; row++) {
            ints.setNull(row, true);
        }
        List<SortKey> keys = List.of(SortKey.ascending(0), SortKey.ascending(1));
        assertThat(NormalizedKeys.of(List.of(nulls, ints), keys, 5).sortedRows()).containsExactly(0, 1, 2, 3, 4);
        assertThat(NormalizedKeys.of(List.of(nulls, ints), keys, 0).sortedRows()).isEmpty();
        assertThat(NormalizedKeys.of(List.of(nulls, ints), keys, 1).sortedRows()).containsExactly(0);
    }

    @Test
    void wideDecimalsAreNotNormalized() {
        DecimalColumn decimals = (DecimalColumn) Column.create(DataType.decimal(38, 0, true), 2);
        decimals.setBig(0, BigInteger.TEN.pow(30));
        decimals.setLong(1, 1);
        assertThat(NormalizedKeys.of(List.of(decimals), List.of(SortKey.ascending(0)), 2)).isNull();
        assertThat(Sorting.sortedRows(List.of(decimals), List.of(SortKey.ascending(0)), 2)).containsExactly(1, 0);
    }
}
