package io.proteus.executor.operator.window;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.plan.WindowFunction;

/**
 * ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST and NTILE: functions of a row's position in its partition and
 * its peer group, written partition by partition in one pass.
 */
final class RankingFunctions {

    private RankingFunctions() {
    }

    /** Evaluates {@code function} for every position into {@code result}; {@code buckets} is NTILE's argument. */
    static void evaluate(WindowFunction function, WindowLayout layout, Column buckets, Column result) {
        boolean[] nulls = result.prepareNulls();
        for (int partition = 0; partition < layout.partitionCount(); partition++) {
            int start = layout.partitionStart(partition);
            int end = layout.partitionEnd(partition);
            long size = end - start;
            long denseRank = 0;
            for (int position = start; position < end; position++) {
                nulls[position] = false;
                int peerStart = layout.peerStart(position);
                if (peerStart == position) {
                    denseRank++;
                }
                long rank = peerStart - start + 1;
                switch (function) {
                    case ROW_NUMBER -> setIntegral(result, position, position - start + 1);
                    case RANK -> setIntegral(result, position, rank);
                    case DENSE_RANK -> setIntegral(result, position, denseRank);
                    case PERCENT_RANK -> setFraction(result, position, size == 1 ? 0.0 : (double) (rank - 1) / (size - 1));
                    case CUME_DIST -> setFraction(result, position, (double) (layout.peerEnd(position) - start) / size);
                    case NTILE -> {
                        // The bucket count is constant: it is read from the partition's first row.
                        if (buckets.isNull(start)) {
                            nulls[position] = true;
                        } else {
                            setIntegral(result, position, bucket(integralValue(buckets, start), size, position - start));
                        }
                    }
                    default -> throw new IllegalArgumentException(function + " is not a ranking function");
                }
            }
        }
    }

    /** The 1-based bucket of the row at {@code index} of {@code size} rows dealt into {@code buckets} buckets. */
    static long bucket(long buckets, long size, long index) {
        if (buckets <= 0) {
            throw new DataException("NTILE argument must be greater than zero, not " + buckets);
        }
        long smallSize = size / buckets;
        long largeBuckets = size % buckets;
        long largeRows = largeBuckets * (smallSize + 1);
        if (index < largeRows) {
            return index / (smallSize + 1) + 1;
        }
        return largeBuckets + (index - largeRows) / smallSize + 1;
    }

    /** Writes a whole number into a BIGINT, INTEGER, DOUBLE or DECIMAL result. */
    static void setIntegral(Column result, int row, long value) {
        switch (result) {
            case LongColumn longs -> longs.values()[row] = value;
            case IntColumn ints -> {
                if (value != (int) value) {
                    throw new DataException("integer overflow");
                }
                ints.values()[row] = (int) value;
            }
            case DoubleColumn doubles -> doubles.values()[row] = value;
            case DecimalColumn decimals -> decimals.setBig(row,
                    Decimals.checkPrecision(Decimals.rescale(java.math.BigInteger.valueOf(value), 0, decimals.scale()),
                            decimals.precision()));
            default -> throw new IllegalArgumentException("a whole number cannot be written to a " + result.type() + " column");
        }
    }

    private static void setFraction(Column result, int row, double value) {
        if (!(result instanceof DoubleColumn doubles)) {
            throw new IllegalArgumentException("a fraction cannot be written to a " + result.type() + " column");
        }
        doubles.values()[row] = value;
    }

    /** The value of an INTEGER or BIGINT column at a non-null row. */
    static long integralValue(Column column, int row) {
        return switch (column) {
            case LongColumn longs -> longs.values()[row];
            case IntColumn ints -> ints.values()[row];
            default -> throw new IllegalArgumentException("expected an INTEGER or BIGINT column, not " + column.type());
        };
    }
}
