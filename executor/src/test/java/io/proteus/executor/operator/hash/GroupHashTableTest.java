package io.proteus.executor.operator.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.type.DataType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Checks every slot layout of {@link GroupHashTable} (one INTEGER key, one BIGINT key, fixed-width tuples, tuples with
 * strings, more than 16 keys) against a reference map: NULL keys, empty batches, selections, decimals beyond 64 bits,
 * doubles (-0.0 = 0.0, NaN = NaN), many groups (the table grows) and forced hash collisions.
 */
class GroupHashTableTest {

    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType DOUBLE = DataType.doubleType(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType BOOL = DataType.bool(true);
    private static final DataType DATE = DataType.date(true);
    private static final DataType WIDE_DECIMAL = DataType.decimal(38, 2, true);

    /** Real row hashes. */
    private static final ToLongFunction<Long> REAL = hash -> hash;
    /** Every row has the same hash: every probe walks the whole cluster and confirms keys. */
    private static final ToLongFunction<Long> CONSTANT = hash -> 42L;
    /** Sixteen distinct hashes, equal in their low (tag) bits only when equal overall. */
    private static final ToLongFunction<Long> FEW = hash -> (hash & 0xF) * 0x9E3779B97F4A7C15L;
    /** Equal tags (low 32 bits), different home slots (high bits). */
    private static final ToLongFunction<Long> SAME_TAG = hash -> (hash & 0xFFFFFFFF00000000L) | 7L;

    @Test
    void oneIntegerKey() {
        check(List.of(INT), 20_000, 300, 0.1, REAL);
        check(List.of(DATE), 5_000, 50, 0.0, CONSTANT);
        check(List.of(INT), 5_000, 200, 0.2, FEW);
    }

    @Test
    void oneBigintKey() {
        check(List.of(BIGINT), 20_000, 3_000, 0.1, REAL);
        check(List.of(BIGINT), 5_000, 200, 0.2, CONSTANT);
        check(List.of(BIGINT), 5_000, 200, 0.0, SAME_TAG);
    }

    @Test
    void fixedWidthTuples() {
        check(List.of(INT, BIGINT), 20_000, 2_000, 0.1, REAL);
        check(List.of(INT, INT, INT), 20_000, 5_000, 0.05, FEW);
        check(List.of(WIDE_DECIMAL, INT), 10_000, 500, 0.1, REAL);
        check(List.of(DOUBLE, BOOL, DATE), 10_000, 300, 0.2, CONSTANT);
        check(List.of(WIDE_DECIMAL), 10_000, 400, 0.1, SAME_TAG);
        check(List.of(DOUBLE), 5_000, 100, 0.1, REAL);
    }

    @Test
    void tuplesWithStrings() {
        check(List.of(TEXT), 20_000, 2_000, 0.1, REAL);
        check(List.of(TEXT, INT, TEXT), 20_000, 3_000, 0.2, FEW);
        check(List.of(INT, TEXT, WIDE_DECIMAL, DOUBLE, BOOL, BIGINT), 10_000, 1_000, 0.1, REAL);
        check(List.of(TEXT, TEXT), 3_000, 200, 0.3, CONSTANT);
        check(List.of(TEXT, WIDE_DECIMAL), 5_000, 300, 0.1, SAME_TAG);
    }

    @Test
    void manyKeysUseColumnComparison() {
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            types.add(i % 3 == 0 ? TEXT : INT);
        }
        check(types, 5_000, 400, 0.1, REAL);
        check(types, 2_000, 100, 0.1, CONSTANT);
    }

    @Test
    void manyGroupsGrowTheTable() {
        check(List.of(INT, INT), 200_000, 150_000, 0.0, REAL);
        check(List.of(TEXT, DATE), 100_000, 80_000, 0.01, REAL);
        check(List.of(BIGINT), 200_000, 150_000, 0.0, REAL);
    }

    @Test
    void emptyBatchesAndEmptyTables() {
        for (List<DataType> types : List.of(List.of(INT), List.of(BIGINT), List.of(INT, TEXT), List.of(INT, BIGINT))) {
            GroupHashTable table = new GroupHashTable(types);
            Column[] columns = new Column[types.size()];
            for (int k = 0; k < columns.length; k++) {
                columns[k] = Column.create(types.get(k), 4);
            }
            int[] groupIds = new int[4];
            table.findOrInsert(columns, new long[4], null, 0, 0, groupIds);
            table.find(columns, new long[4], new int[0], 0, 0, groupIds);
            assertThat(table.groupCount()).isZero();
        }
    }

    /**
     * Inserts {@code rows} random key tuples (values from {@code distinct} choices per key, NULL with probability
     * {@code nullFraction}) in batches of varying size, some through a selection, and checks the group ids, the stored
     * keys and lookups of present and absent keys against a reference map.
     */
    private static void check(List<DataType> types, int rows, int distinct, double nullFraction,
            ToLongFunction<Long> hashing) {
        Random random = new Random(types.hashCode() * 31L + rows + distinct);
        GroupHashTable table = new GroupHashTable(types);
        Map<List<Object>, Integer> reference = new HashMap<>();
        Map<Integer, List<Object>> groupKeys = new HashMap<>();
        int done = 0;
        while (done < rows) {
            int batchRows = Math.min(rows - done, 1 + random.nextInt(3_000));
            List<List<Object>> batch = new ArrayList<>();
            for (int r = 0; r < batchRows; r++) {
                batch.add(randomTuple(types, random, distinct, nullFraction));
            }
            Column[] columns = columns(types, batch);
            long[] hashes = hashes(columns, batchRows, hashing);
            int[] selection = null;
            int count = batchRows;
            if (random.nextBoolean()) {
                selection = new int[batchRows];
                count = 0;
                for (int r = 0; r < batchRows; r++) {
                    if (random.nextInt(4) != 0) {
                        selection[count++] = r;
                    }
                }
            }
            int[] groupIds = new int[batchRows];
            Arrays.fill(groupIds, -7);
            table.findOrInsert(columns, hashes, selection, count, batchRows, groupIds);
            for (int k = 0; k < count; k++) {
                int row = selection == null ? k : selection[k];
                List<Object> key = canonical(batch.get(row));
                Integer expected = reference.get(key);
                if (expected == null) {
                    // A new key gets a new dense id (not necessarily in order of first appearance within a batch).
                    expected = groupIds[row];
                    assertThat(expected).as("new group of %s", key).isBetween(0, table.groupCount() - 1);
                    assertThat(groupKeys).as("group %d reused for %s", expected, key).doesNotContainKey(expected);
                    reference.put(key, expected);
                    groupKeys.put(expected, key);
                }
                assertThat(groupIds[row]).as("group of %s", key).isEqualTo(expected);
            }
            if (selection != null) {
                // Rows outside the selection are left alone.
                boolean[] selected = new boolean[batchRows];
                for (int k = 0; k < count; k++) {
                    selected[selection[k]] = true;
                }
                for (int row = 0; row < batchRows; row++) {
                    if (!selected[row]) {
                        assertThat(groupIds[row]).isEqualTo(-7);
                    }
                }
            }
            assertThat(table.groupCount()).isEqualTo(groupKeys.size());
            done += batchRows;
        }
        List<List<Object>> groups = new ArrayList<>();
        for (int group = 0; group < groupKeys.size(); group++) {
            groups.add(groupKeys.get(group));
            for (int k = 0; k < types.size(); k++) {
                assertThat(canonicalValue(table.keyColumn(k).toJavaValue(group)))
                        .as("key %d of group %d", k, group).isEqualTo(groupKeys.get(group).get(k));
            }
        }
        // Lookups without inserting, from another scratch: half of the keys are present, half absent.
        List<List<Object>> probes = new ArrayList<>();
        for (int r = 0; r < 2_000; r++) {
            probes.add(random.nextBoolean() && !groups.isEmpty() ? groups.get(random.nextInt(groups.size()))
                    : randomTuple(types, random, distinct * 4, nullFraction));
        }
        Column[] columns = columns(types, probes);
        long[] hashes = hashes(columns, probes.size(), hashing);
        int[] groupIds = new int[probes.size()];
        table.find(columns, hashes, null, probes.size(), probes.size(), groupIds, new GroupHashTable.Scratch());
        for (int row = 0; row < probes.size(); row++) {
            Integer expected = reference.get(canonical(probes.get(row)));
            assertThat(groupIds[row]).isEqualTo(expected == null ? -1 : expected);
        }
        assertThat(table.groupCount()).isEqualTo(groups.size());
    }

    private static long[] hashes(Column[] columns, int rows, ToLongFunction<Long> hashing) {
        long[] hashes = new long[rows];
        for (int k = 0; k < columns.length; k++) {
            RowHashing.hashColumn(columns[k], null, rows, hashes, k > 0);
        }
        for (int row = 0; row < rows; row++) {
            hashes[row] = hashing.applyAsLong(hashes[row]);
        }
        return hashes;
    }

    private static List<Object> randomTuple(List<DataType> types, Random random, int distinct, double nullFraction) {
        List<Object> tuple = new ArrayList<>();
        for (DataType type : types) {
            if (random.nextDouble() < nullFraction) {
                tuple.add(null);
                continue;
            }
            int choice = random.nextInt(distinct);
            tuple.add(switch (type.kind()) {
                case INTEGER, DATE -> choice * 7 - distinct;
                case BIGINT -> (choice % 2 == 0 ? 1L << 40 : -3L) * choice;
                case DOUBLE -> switch (choice % 5) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    case 2 -> Double.NaN;
                    default -> choice / 4.0;
                };
                case BOOLEAN -> choice % 2 == 0;
                case DECIMAL -> choice % 3 == 0
                        ? BigInteger.ONE.shiftLeft(80).add(BigInteger.valueOf(choice / 3))
                        : BigInteger.valueOf(choice * 1_000_003L - 17);
                case VARCHAR -> choice % 7 == 0 ? "" : "value-" + choice + "-" + "x".repeat(choice % 13);
                default -> throw new IllegalArgumentException(type.toString());
            });
        }
        return tuple;
    }

    /** The reference's notion of key equality: -0.0 is 0.0, decimals compare by unscaled value. */
    private static List<Object> canonical(List<Object> tuple) {
        List<Object> copy = new ArrayList<>();
        for (Object value : tuple) {
            copy.add(canonicalValue(value));
        }
        return copy;
    }

    private static Object canonicalValue(Object value) {
        if (value instanceof Double d && d == 0.0) {
            return 0.0;
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.unscaledValue();
        }
        if (value instanceof java.time.LocalDate date) {
            return (int) date.toEpochDay();
        }
        return value;
    }

    private static Column[] columns(List<DataType> types, List<List<Object>> rows) {
        Column[] columns = new Column[types.size()];
        for (int k = 0; k < columns.length; k++) {
            Column column = Column.create(types.get(k), Math.max(rows.size(), 1));
            boolean[] nulls = column.prepareNulls();
            for (int row = 0; row < rows.size(); row++) {
                Object value = rows.get(row).get(k);
                nulls[row] = value == null;
                switch (column) {
                    case IntColumn ints -> ints.values()[row] = value == null ? 12345 : (Integer) value;
                    case LongColumn longs -> longs.values()[row] = value == null ? 12345L : (Long) value;
                    case DoubleColumn doubles -> doubles.values()[row] = value == null ? 1.5 : (Double) value;
                    case BooleanColumn booleans -> booleans.values()[row] = value != null && (Boolean) value;
                    case DecimalColumn decimals -> decimals.setBig(row, value == null ? BigInteger.TEN : (BigInteger) value);
                    case VarcharColumn strings -> strings.append(row, value == null ? "garbage" : (String) value);
                }
            }
            columns[k] = column;
        }
        return columns;
    }
}
