package io.proteus.executor.operator.aggregate;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * AVG: an exact sum (BIGINT, DECIMAL(38, s) or DOUBLE, see {@link SumAccumulator}) and a BIGINT count. The result is
 * DOUBLE, or DECIMAL rounded half away from zero at the result scale; NULL for a group without values.
 */
final class AverageAccumulator extends Accumulator {

    private final SumAccumulator sum;
    private final DataType resultType;
    private long[] counts = new long[0];

    AverageAccumulator(DataType sumType, DataType resultType) {
        this.sum = SumAccumulator.of(sumType);
        this.resultType = resultType.kind() == TypeKind.DECIMAL ? resultType.withNullable(true) : DataType.doubleType(true);
    }

    @Override
    void ensureGroups(int groups) {
        sum.ensureGroups(groups);
        if (counts.length < groups) {
            counts = Arrays.copyOf(counts, grownCapacity(counts.length, groups));
        }
    }

    @Override
    void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
        sum.add(inputs, groupIds, rows, count);
        Column input = inputs[0];
        boolean hasNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        for (int k = 0; k < count; k++) {
            int row = rows == null ? k : rows[k];
            if (!hasNulls || !nulls[row]) {
                counts[groupIds[row]]++;
            }
        }
    }

    @Override
    void merge(Column[] states, int[] groupIds, int[] rows, int count) {
        sum.add(new Column[] {states[0]}, groupIds, rows, count);
        LongColumn partialCounts = (LongColumn) states[1];
        long[] values = partialCounts.values();
        boolean hasNulls = partialCounts.mayHaveNulls();
        boolean[] nulls = partialCounts.nulls();
        for (int k = 0; k < count; k++) {
            int row = rows == null ? k : rows[k];
            if (!hasNulls || !nulls[row]) {
                counts[groupIds[row]] += values[row];
            }
        }
    }

    @Override
    List<DataType> stateTypes() {
        return List.of(sum.sumType(), DataType.bigint(false));
    }

    @Override
    DataType resultType() {
        return resultType;
    }

    @Override
    Column[] states(int from, int count) {
        LongColumn countColumn = new LongColumn(DataType.bigint(false));
        countColumn.ensureCapacity(Math.max(count, 1));
        System.arraycopy(counts, from, countColumn.values(), 0, count);
        return new Column[] {sum.result(from, count), countColumn};
    }

    @Override
    Column result(int from, int count) {
        Column column = Column.create(resultType, Math.max(count, 1));
        boolean[] nulls = column.prepareNulls();
        for (int i = 0; i < count; i++) {
            int group = from + i;
            long n = counts[group];
            nulls[i] = n == 0;
            if (n == 0) {
                if (column instanceof DecimalColumn decimals) {
                    decimals.setLong(i, 0);
                }
                continue;
            }
            if (column instanceof DoubleColumn doubles) {
                doubles.values()[i] = switch (sum) {
                    case SumAccumulator.LongSum longs -> (double) longs.sum(group) / n;
                    case SumAccumulator.DoubleSum doubleSum -> doubleSum.sum(group) / n;
                    case SumAccumulator.DecimalSum decimalSum -> decimalSum.isWide(group)
                            ? new java.math.BigDecimal(decimalSum.bigSum(group), decimalSum.scale()).doubleValue() / n
                            : Decimals.toDouble(decimalSum.sum(group), decimalSum.scale()) / n;
                    default -> throw new IllegalStateException();
                };
            } else {
                DecimalColumn decimals = (DecimalColumn) column;
                decimals.setBig(i, decimalAverage(group, n));
            }
        }
        return column;
    }

    private BigInteger decimalAverage(int group, long n) {
        int resultScale = resultType.scale();
        BigInteger total;
        int scale;
        switch (sum) {
            case SumAccumulator.LongSum longs -> {
                total = BigInteger.valueOf(longs.sum(group));
                scale = 0;
            }
            case SumAccumulator.DecimalSum decimalSum -> {
                total = decimalSum.bigSum(group);
                scale = decimalSum.scale();
            }
            case SumAccumulator.DoubleSum doubleSum -> {
                return Decimals.checkPrecision(Decimals.fromDouble(doubleSum.sum(group) / n, resultScale), resultType.precision());
            }
            default -> throw new IllegalStateException();
        }
        BigInteger average = resultScale >= scale
                ? Decimals.divideRoundHalfUp(total.multiply(Decimals.bigPowerOfTen(resultScale - scale)), BigInteger.valueOf(n))
                : Decimals.divideRoundHalfUp(total, BigInteger.valueOf(n).multiply(Decimals.bigPowerOfTen(scale - resultScale)));
        return Decimals.checkPrecision(average, resultType.precision());
    }

    @Override
    long retainedBytes() {
        return sum.retainedBytes() + counts.length * 8L;
    }
}
