package io.proteus.executor.operator.aggregate;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.type.DataType;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * MIN, MAX and ANY_VALUE (the first non-NULL value seen). Integers, dates and doubles keep primitive arrays; decimals
 * keep 64-bit values with a BigInteger fallback; strings keep one byte array per group (replaced only when the extreme
 * changes). State: the value, in the call's type.
 */
abstract class MinMaxAccumulator extends Accumulator {

    /** Which value to keep. */
    enum Mode { MIN, MAX, ANY }

    protected final Mode mode;
    protected final DataType type;
    protected boolean[] seen = new boolean[0];

    MinMaxAccumulator(Mode mode, DataType type) {
        this.mode = mode;
        this.type = type.withNullable(true);
    }

    static MinMaxAccumulator of(Mode mode, DataType type) {
        return switch (type.kind()) {
            case INTEGER, DATE, BIGINT -> new LongMinMax(mode, type);
            case DOUBLE -> new DoubleMinMax(mode, type);
            case DECIMAL -> new DecimalMinMax(mode, type);
            case VARCHAR -> new VarcharMinMax(mode, type);
            case BOOLEAN -> new BooleanMinMax(mode, type);
            case NULL -> throw new IllegalArgumentException("no " + mode + " over NULL");
        };
    }

    /** Whether a value comparing {@code comparison} against the current one replaces it. */
    protected final boolean replaces(int comparison) {
        return mode == Mode.MIN ? comparison < 0 : mode == Mode.MAX && comparison > 0;
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
        return List.of(type);
    }

    @Override
    DataType resultType() {
        return type;
    }

    @Override
    Column[] states(int from, int count) {
        return new Column[] {result(from, count)};
    }

    protected Column newResult(int from, int count) {
        Column column = Column.create(type, Math.max(count, 1));
        boolean[] nulls = column.prepareNulls();
        for (int i = 0; i < count; i++) {
            nulls[i] = !seen[from + i];
        }
        return column;
    }

    /** INTEGER, DATE and BIGINT values as longs. */
    static final class LongMinMax extends MinMaxAccumulator {

        private long[] values = new long[0];

        LongMinMax(Mode mode, DataType type) {
            super(mode, type);
        }

        @Override
        void ensureGroups(int groups) {
            if (values.length < groups) {
                values = Arrays.copyOf(values, grownCapacity(values.length, groups));
            }
            growSeen(groups);
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            Column input = inputs[0];
            boolean hasNulls = input.mayHaveNulls();
            boolean[] nulls = input.nulls();
            int[] ints = input instanceof IntColumn i ? i.values() : null;
            long[] longs = input instanceof LongColumn l ? l.values() : null;
            for (int k = 0; k < count; k++) {
                int row = rows == null ? k : rows[k];
                if (hasNulls && nulls[row]) {
                    continue;
                }
                int group = groupIds[row];
                long value = ints != null ? ints[row] : longs[row];
                if (!seen[group]) {
                    seen[group] = true;
                    values[group] = value;
                } else if (mode == Mode.MIN ? value < values[group] : mode == Mode.MAX && value > values[group]) {
                    values[group] = value;
                }
            }
        }

        @Override
        Column result(int from, int count) {
            Column column = newResult(from, count);
            if (column instanceof IntColumn ints) {
                int[] out = ints.values();
                for (int i = 0; i < count; i++) {
                    out[i] = (int) values[from + i];
                }
            } else {
                System.arraycopy(values, from, ((LongColumn) column).values(), 0, count);
            }
            return column;
        }

        @Override
        long retainedBytes() {
            return values.length * 9L;
        }
    }

    /** DOUBLE values (NaN is the largest). */
    static final class DoubleMinMax extends MinMaxAccumulator {

        private double[] values = new double[0];

        DoubleMinMax(Mode mode, DataType type) {
            super(mode, type);
        }

        @Override
        void ensureGroups(int groups) {
            if (values.length < groups) {
                values = Arrays.copyOf(values, grownCapacity(values.length, groups));
            }
            growSeen(groups);
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            DoubleColumn input = (DoubleColumn) inputs[0];
            double[] in = input.values();
            boolean hasNulls = input.mayHaveNulls();
            boolean[] nulls = input.nulls();
            for (int k = 0; k < count; k++) {
                int row = rows == null ? k : rows[k];
                if (hasNulls && nulls[row]) {
                    continue;
                }
                int group = groupIds[row];
                if (!seen[group]) {
                    seen[group] = true;
                    values[group] = in[row];
                } else if (replaces(DoubleColumn.compare(in[row], values[group]))) {
                    values[group] = in[row];
                }
            }
        }

        @Override
        Column result(int from, int count) {
            Column column = newResult(from, count);
            System.arraycopy(values, from, ((DoubleColumn) column).values(), 0, count);
            return column;
        }

        @Override
        long retainedBytes() {
            return values.length * 9L;
        }
    }

    /** DECIMAL values: longs with a BigInteger fallback. */
    static final class DecimalMinMax extends MinMaxAccumulator {

        private long[] values = new long[0];
        private BigInteger[] wide;

        DecimalMinMax(Mode mode, DataType type) {
            super(mode, type);
        }

        @Override
        void ensureGroups(int groups) {
            if (values.length < groups) {
                int capacity = grownCapacity(values.length, groups);
                values = Arrays.copyOf(values, capacity);
                if (wide != null) {
                    wide = Arrays.copyOf(wide, capacity);
                }
            }
            growSeen(groups);
        }

        private BigInteger big(int group) {
            return wide != null && wide[group] != null ? wide[group] : BigInteger.valueOf(values[group]);
        }

        private void set(int group, DecimalColumn input, int row) {
            if (input.isWide(row)) {
                if (wide == null) {
                    wide = new BigInteger[values.length];
                }
                wide[group] = input.bigValue(row);
            } else {
                values[group] = input.values()[row];
                if (wide != null) {
                    wide[group] = null;
                }
            }
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            DecimalColumn input = (DecimalColumn) inputs[0];
            long[] in = input.values();
            boolean hasNulls = input.mayHaveNulls();
            boolean[] nulls = input.nulls();
            boolean anyWide = input.hasWide() || wide != null;
            for (int k = 0; k < count; k++) {
                int row = rows == null ? k : rows[k];
                if (hasNulls && nulls[row]) {
                    continue;
                }
                int group = groupIds[row];
                if (!seen[group]) {
                    seen[group] = true;
                    set(group, input, row);
                } else if (mode != Mode.ANY) {
                    int comparison = anyWide ? input.bigValue(row).compareTo(big(group)) : Long.compare(in[row], values[group]);
                    if (replaces(comparison)) {
                        set(group, input, row);
                    }
                }
            }
        }

        @Override
        Column result(int from, int count) {
            DecimalColumn column = (DecimalColumn) newResult(from, count);
            for (int i = 0; i < count; i++) {
                int group = from + i;
                if (wide != null && wide[group] != null) {
                    column.setBig(i, wide[group]);
                } else {
                    column.setLong(i, values[group]);
                }
            }
            return column;
        }

        @Override
        long retainedBytes() {
            return values.length * (wide == null ? 9L : 17L);
        }
    }

    /** VARCHAR values, one byte array per group, compared as unsigned bytes. */
    static final class VarcharMinMax extends MinMaxAccumulator {

        private byte[][] values = new byte[0][];
        private long bytes;

        VarcharMinMax(Mode mode, DataType type) {
            super(mode, type);
        }

        @Override
        void ensureGroups(int groups) {
            if (values.length < groups) {
                values = Arrays.copyOf(values, grownCapacity(values.length, groups));
            }
            growSeen(groups);
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            VarcharColumn input = (VarcharColumn) inputs[0];
            byte[] data = input.data();
            boolean hasNulls = input.mayHaveNulls();
            boolean[] nulls = input.nulls();
            for (int k = 0; k < count; k++) {
                int row = rows == null ? k : rows[k];
                if (hasNulls && nulls[row]) {
                    continue;
                }
                int group = groupIds[row];
                int start = input.start(row);
                int end = input.end(row);
                if (!seen[group]) {
                    seen[group] = true;
                } else {
                    byte[] current = values[group];
                    if (!replaces(Arrays.compareUnsigned(data, start, end, current, 0, current.length))) {
                        continue;
                    }
                    bytes -= current.length;
                }
                values[group] = Arrays.copyOfRange(data, start, end);
                bytes += end - start;
            }
        }

        @Override
        Column result(int from, int count) {
            VarcharColumn column = (VarcharColumn) newResult(from, count);
            column.resetData();
            for (int i = 0; i < count; i++) {
                byte[] value = values[from + i];
                if (value == null) {
                    column.setEmpty(i);
                } else {
                    column.append(i, value, 0, value.length);
                }
            }
            return column;
        }

        @Override
        long retainedBytes() {
            return values.length * 25L + bytes;
        }
    }

    /** BOOLEAN values (FALSE before TRUE). */
    static final class BooleanMinMax extends MinMaxAccumulator {

        private boolean[] values = new boolean[0];

        BooleanMinMax(Mode mode, DataType type) {
            super(mode, type);
        }

        @Override
        void ensureGroups(int groups) {
            if (values.length < groups) {
                values = Arrays.copyOf(values, grownCapacity(values.length, groups));
            }
            growSeen(groups);
        }

        @Override
        void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
            BooleanColumn input = (BooleanColumn) inputs[0];
            boolean[] in = input.values();
            for (int k = 0; k < count; k++) {
                int row = rows == null ? k : rows[k];
                if (input.isNull(row)) {
                    continue;
                }
                int group = groupIds[row];
                if (!seen[group]) {
                    seen[group] = true;
                    values[group] = in[row];
                } else if (replaces(Boolean.compare(in[row], values[group]))) {
                    values[group] = in[row];
                }
            }
        }

        @Override
        Column result(int from, int count) {
            Column column = newResult(from, count);
            System.arraycopy(values, from, ((BooleanColumn) column).values(), 0, count);
            return column;
        }

        @Override
        long retainedBytes() {
            return values.length * 2L;
        }
    }
}
