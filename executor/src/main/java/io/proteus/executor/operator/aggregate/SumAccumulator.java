package io.proteus.executor.operator.aggregate;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * SUM state in one of three representations: exact 64-bit integers (overflow is an error), doubles, or exact decimals
 * at a fixed scale whose per-group sums move to BigInteger when they outgrow 64 bits. The input (and the merged
 * partial state) has the sum's type; NULLs are ignored and a group without values sums to NULL.
 */
abstract class SumAccumulator extends Accumulator {

    protected boolean[] seen = new boolean[0];

    /** Creates the accumulator for sums of {@code type} (BIGINT, DOUBLE or DECIMAL(38, s)). */
    static SumAccumulator of(DataType type) {
        return switch (type.kind()) {
            case BIGINT -> new LongSum();
            case DOUBLE -> new DoubleSum();
            case DECIMAL -> new DecimalSum(type.scale());
            default -> throw new IllegalArgumentException("no SUM over " + type);
        };
    }

    /** The type of the state (and of the inputs). */
    abstract DataType sumType();

    /** Whether group {@code group} has seen a value. */
    boolean hasValue(int group) {
        return seen[group];
    }

    protected void growSeen(int groups) {
        if (seen.length < groups) {
            seen = Arrays.copyOf(seen, grownCapacity(seen.length, groups));
        }
    }

    @Override
    void merge(Column[] states, int[] groupIds, int[] rows, int count) {
        add(states, groupIds, rows, count);
    }

    @Override
    List<DataType> stateTypes() {
        return List.of(sumType().withNullable(true));
    }

    @Override
    DataType resultType() {
        return sumType().withNullable(true);
    }

    @Override
    Column[] states(int from, int count) {
        return new Column[] {result(from, count)};
    }

    protected void writeNulls(Column column, int from, int count) {
        boolean[] nulls = column.prepareNulls();
        for (int i = 0; i < count; i++) {
            nulls[i] = !seen[from + i];
        }
    }

    /** Exact BIGINT sums. */
    static final class LongSum extends SumAccumulator {

        private long[] sums = new long[0];

        @Override
        DataType sumType() {
            return DataType.bigint(true);
        }

        long sum(int group) {
            return sums[group];
        }

        @Override
        void ensureGroups(int groups) {
            if (sums.length < groups) {
                sums = Arrays.copyOf(sums, grownCapacity(sums.length, groups));
            }
            growSeen(groups);
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            LongColumn input = (LongColumn) inputs[0];
            long[] values = input.values();
            boolean hasNulls = input.mayHaveNulls();
            boolean[] nulls = input.nulls();
            try {
                for (int k = 0; k < count; k++) {
                    int row = rows == null ? k : rows[k];
                    if (!hasNulls || !nulls[row]) {
                        int group = groupIds[row];
                        sums[group] = Math.addExact(sums[group], values[row]);
                        seen[group] = true;
                    }
                }
            } catch (ArithmeticException e) {
                throw new DataException("bigint overflow");
            }
        }

        @Override
        Column result(int from, int count) {
            LongColumn column = new LongColumn(sumType());
            column.ensureCapacity(Math.max(count, 1));
            System.arraycopy(sums, from, column.values(), 0, count);
            writeNulls(column, from, count);
            return column;
        }

        @Override
        long retainedBytes() {
            return sums.length * 9L;
        }
    }

    /** DOUBLE sums. */
    static final class DoubleSum extends SumAccumulator {

        private double[] sums = new double[0];

        @Override
        DataType sumType() {
            return DataType.doubleType(true);
        }

        double sum(int group) {
            return sums[group];
        }

        @Override
        void ensureGroups(int groups) {
            if (sums.length < groups) {
                sums = Arrays.copyOf(sums, grownCapacity(sums.length, groups));
            }
            growSeen(groups);
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            DoubleColumn input = (DoubleColumn) inputs[0];
            double[] values = input.values();
            boolean hasNulls = input.mayHaveNulls();
            boolean[] nulls = input.nulls();
            for (int k = 0; k < count; k++) {
                int row = rows == null ? k : rows[k];
                if (!hasNulls || !nulls[row]) {
                    int group = groupIds[row];
                    sums[group] += values[row];
                    seen[group] = true;
                }
            }
        }

        @Override
        Column result(int from, int count) {
            DoubleColumn column = new DoubleColumn(sumType());
            column.ensureCapacity(Math.max(count, 1));
            System.arraycopy(sums, from, column.values(), 0, count);
            writeNulls(column, from, count);
            return column;
        }

        @Override
        long retainedBytes() {
            return sums.length * 9L;
        }
    }

    /** Exact DECIMAL sums at a fixed scale: 64-bit fast path, BigInteger per group once a sum outgrows it. */
    static final class DecimalSum extends SumAccumulator {

        private final int scale;
        private long[] sums = new long[0];
        private BigInteger[] wide;

        DecimalSum(int scale) {
            this.scale = scale;
        }

        @Override
        DataType sumType() {
            return DataType.decimal(DataType.MAX_DECIMAL_PRECISION, scale, true);
        }

        int scale() {
            return scale;
        }

        BigInteger bigSum(int group) {
            return wide != null && wide[group] != null ? wide[group] : BigInteger.valueOf(sums[group]);
        }

        boolean isWide(int group) {
            return wide != null && wide[group] != null;
        }

        long sum(int group) {
            return sums[group];
        }

        @Override
        void ensureGroups(int groups) {
            if (sums.length < groups) {
                int capacity = grownCapacity(sums.length, groups);
                sums = Arrays.copyOf(sums, capacity);
                if (wide != null) {
                    wide = Arrays.copyOf(wide, capacity);
                }
            }
            growSeen(groups);
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            DecimalColumn input = (DecimalColumn) inputs[0];
            long[] values = input.values();
            boolean hasNulls = input.mayHaveNulls();
            boolean[] nulls = input.nulls();
            boolean inputWide = input.hasWide();
            for (int k = 0; k < count; k++) {
                int row = rows == null ? k : rows[k];
                if (hasNulls && nulls[row]) {
                    continue;
                }
                int group = groupIds[row];
                seen[group] = true;
                if ((inputWide && input.isWide(row)) || (wide != null && wide[group] != null)) {
                    addWide(group, input.bigValue(row));
                    continue;
                }
                long current = sums[group];
                long value = values[row];
                long sum = current + value;
                if (((current ^ sum) & (value ^ sum)) < 0) {
                    addWide(group, BigInteger.valueOf(value));
                } else {
                    sums[group] = sum;
                }
            }
        }

        private void addWide(int group, BigInteger value) {
            if (wide == null) {
                wide = new BigInteger[sums.length];
            }
            BigInteger sum = bigSum(group).add(value);
            if (sum.bitLength() > 127) {
                throw new DataException("decimal overflow");
            }
            if (sum.bitLength() <= 63) {
                sums[group] = sum.longValue();
                wide[group] = null;
            } else {
                wide[group] = sum;
            }
        }

        @Override
        Column result(int from, int count) {
            DecimalColumn column = new DecimalColumn(sumType());
            column.ensureCapacity(Math.max(count, 1));
            for (int i = 0; i < count; i++) {
                int group = from + i;
                if (isWide(group)) {
                    column.setBig(i, wide[group]);
                } else {
                    column.setLong(i, sums[group]);
                }
            }
            writeNulls(column, from, count);
            return column;
        }

        @Override
        long retainedBytes() {
            return sums.length * (wide == null ? 9L : 17L);
        }
    }

    /** The sum type used for inputs of {@code type}: BIGINT for integers, DOUBLE, or DECIMAL(38, s). */
    static DataType sumTypeFor(DataType type) {
        return switch (type.kind()) {
            case INTEGER, BIGINT, BOOLEAN -> DataType.bigint(true);
            case DECIMAL -> DataType.decimal(DataType.MAX_DECIMAL_PRECISION, type.scale(), true);
            case DOUBLE -> DataType.doubleType(true);
            default -> throw new IllegalArgumentException("cannot sum " + type);
        };
    }

    static boolean isExactInteger(TypeKind kind) {
        return kind == TypeKind.INTEGER || kind == TypeKind.BIGINT;
    }
}
