package io.proteus.executor.operator.aggregate;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.type.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * VAR_SAMP, VAR_POP, STDDEV_SAMP and STDDEV_POP with Welford's online algorithm (merged with Chan's formula). State:
 * DOUBLE count, DOUBLE mean, DOUBLE sum of squared deviations. Sample statistics of fewer than two values and population
 * statistics of none are NULL.
 */
final class VarianceAccumulator extends Accumulator {

    private final boolean sample;
    private final boolean squareRoot;
    private double[] counts = new double[0];
    private double[] means = new double[0];
    private double[] squares = new double[0];

    VarianceAccumulator(boolean sample, boolean squareRoot) {
        this.sample = sample;
        this.squareRoot = squareRoot;
    }

    @Override
    void ensureGroups(int groups) {
        if (counts.length < groups) {
            int capacity = grownCapacity(counts.length, groups);
            counts = Arrays.copyOf(counts, capacity);
            means = Arrays.copyOf(means, capacity);
            squares = Arrays.copyOf(squares, capacity);
        }
    }

    @Override
    void add(Column[] inputs, int[] groupIds, int[] rows, int count) {
        DoubleColumn input = (DoubleColumn) inputs[0];
        double[] values = input.values();
        boolean hasNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        for (int k = 0; k < count; k++) {
            int row = rows == null ? k : rows[k];
            if (hasNulls && nulls[row]) {
                continue;
            }
            int group = groupIds[row];
            double x = values[row];
            double n = counts[group] + 1;
            double delta = x - means[group];
            double mean = means[group] + delta / n;
            counts[group] = n;
            means[group] = mean;
            squares[group] += delta * (x - mean);
        }
    }

    @Override
    void merge(Column[] states, int[] groupIds, int[] rows, int count) {
        DoubleColumn partialCounts = (DoubleColumn) states[0];
        DoubleColumn partialMeans = (DoubleColumn) states[1];
        DoubleColumn partialSquares = (DoubleColumn) states[2];
        for (int k = 0; k < count; k++) {
            int row = rows == null ? k : rows[k];
            if (partialCounts.isNull(row)) {
                continue;
            }
            double partialCount = partialCounts.values()[row];
            if (partialCount == 0) {
                continue;
            }
            int group = groupIds[row];
            double currentCount = counts[group];
            double n = currentCount + partialCount;
            double delta = partialMeans.values()[row] - means[group];
            means[group] += delta * partialCount / n;
            squares[group] += partialSquares.values()[row] + delta * delta * currentCount * partialCount / n;
            counts[group] = n;
        }
    }

    @Override
    List<DataType> stateTypes() {
        return List.of(DataType.doubleType(false), DataType.doubleType(false), DataType.doubleType(false));
    }

    @Override
    DataType resultType() {
        return DataType.doubleType(true);
    }

    @Override
    Column[] states(int from, int count) {
        return new Column[] {copy(counts, from, count), copy(means, from, count), copy(squares, from, count)};
    }

    private static DoubleColumn copy(double[] values, int from, int count) {
        DoubleColumn column = new DoubleColumn(DataType.doubleType(false));
        column.ensureCapacity(Math.max(count, 1));
        System.arraycopy(values, from, column.values(), 0, count);
        return column;
    }

    @Override
    Column result(int from, int count) {
        DoubleColumn column = new DoubleColumn(DataType.doubleType(true));
        column.ensureCapacity(Math.max(count, 1));
        boolean[] nulls = column.prepareNulls();
        double[] out = column.values();
        for (int i = 0; i < count; i++) {
            int group = from + i;
            double n = counts[group];
            double divisor = sample ? n - 1 : n;
            if (divisor <= 0) {
                nulls[i] = true;
                continue;
            }
            nulls[i] = false;
            double variance = Math.max(0, squares[group] / divisor);
            out[i] = squareRoot ? Math.sqrt(variance) : variance;
        }
        return column;
    }

    @Override
    long retainedBytes() {
        return counts.length * 24L;
    }
}
