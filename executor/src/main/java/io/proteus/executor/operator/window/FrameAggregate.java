package io.proteus.executor.operator.window;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.operator.sort.RowComparator;
import io.proteus.executor.plan.WindowFunction;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An aggregate over sliding frames (COUNT, SUM, AVG, MIN, MAX). Because both frame bounds only move forwards within a
 * partition, rows enter ({@link #add}) and leave ({@link #remove}) the frame in position order, each once: the whole
 * pass is linear in the partition size whatever the frame. Exact sums and counts subtract what leaves; double sums and
 * extremes, which cannot be undone, keep first-in-first-out structures instead. NULL arguments are ignored; an aggregate
 * with no value in the frame is NULL (COUNT: 0).
 */
abstract sealed class FrameAggregate {

    protected final Column result;

    private FrameAggregate(Column result) {
        this.result = result;
    }

    /** The aggregate of {@code function} over {@code argument} (null for COUNT_STAR) into {@code result}. */
    static FrameAggregate create(WindowFunction function, Column argument, Column result) {
        return switch (function) {
            case COUNT_STAR -> new Count(null, result);
            case COUNT -> new Count(argument, result);
            case SUM -> argument instanceof DoubleColumn doubles ? new DoubleSum(doubles, result) : new ExactSum(argument, result);
            case AVG -> new Average(argument, result);
            case MIN -> new Extreme(argument, false, result);
            case MAX -> new Extreme(argument, true, result);
            default -> throw new IllegalArgumentException(function + " is not an aggregate");
        };
    }

    /** Empties the frame; the next row to enter is {@code position}. */
    abstract void reset(int position);

    /** Row {@code position}, the one after the frame's last, enters the frame. */
    abstract void add(int position);

    /** Row {@code position}, the frame's first, leaves it. */
    abstract void remove(int position);

    /** Writes the aggregate of the current frame as the result of {@code position}. */
    abstract void write(int position);

    /** Heap bytes retained beyond the argument and result columns. */
    long retainedBytes() {
        return 0;
    }

    /** Evaluates the aggregate over every position's frame into the result column. */
    final void evaluate(WindowLayout layout, WindowFrames frames) {
        result.prepareNulls();
        for (int partition = 0; partition < layout.partitionCount(); partition++) {
            int partitionStart = layout.partitionStart(partition);
            int partitionEnd = layout.partitionEnd(partition);
            reset(partitionStart);
            int removed = partitionStart;
            int added = partitionStart;
            for (int position = partitionStart; position < partitionEnd; position++) {
                int start = frames.start(position);
                int end = frames.end(position);
                if (start >= added && start > removed) {
                    // Every row of the frame leaves at once (and rows before the new frame are never added).
                    reset(start);
                    removed = start;
                    added = start;
                } else {
                    while (removed < start) {
                        remove(removed++);
                    }
                }
                while (added < end) {
                    add(added++);
                }
                write(position);
            }
        }
    }

    /** COUNT(x) or, without an argument, COUNT(*). */
    static final class Count extends FrameAggregate {

        private final Column argument;
        private long count;

        Count(Column argument, Column result) {
            super(result);
            this.argument = argument;
        }

        @Override
        void reset(int position) {
            count = 0;
        }

        @Override
        void add(int position) {
            if (argument == null || !argument.isNull(position)) {
                count++;
            }
        }

        @Override
        void remove(int position) {
            if (argument == null || !argument.isNull(position)) {
                count--;
            }
        }

        @Override
        void write(int position) {
            result.nulls()[position] = false;
            RankingFunctions.setIntegral(result, position, count);
        }
    }

    /**
     * The exact sum of INTEGER, BIGINT or DECIMAL values (at the argument's scale): a long while it fits, a BigInteger
     * beyond. The result is BIGINT (an error if the sum does not fit) or DECIMAL at the argument's scale (an error if
     * it exceeds the precision); null when the sum only feeds an {@link Average}.
     */
    static final class ExactSum extends FrameAggregate {

        private final int[] ints;
        private final long[] longs;
        private final DecimalColumn decimals;
        private final Column argument;
        private long sum;
        private BigInteger wide;
        private long count;

        ExactSum(Column argument, Column result) {
            super(result);
            this.argument = argument;
            this.ints = argument instanceof IntColumn column ? column.values() : null;
            this.longs = argument instanceof LongColumn column ? column.values() : null;
            this.decimals = argument instanceof DecimalColumn column ? column : null;
            if (ints == null && longs == null && decimals == null) {
                throw new IllegalArgumentException("cannot sum " + argument.type());
            }
            if (result != null) {
                boolean fits = decimals == null
                        ? result instanceof LongColumn
                        : result instanceof DecimalColumn decimalResult && decimalResult.scale() == decimals.scale();
                if (!fits) {
                    throw new IllegalArgumentException("the sum of " + argument.type() + " cannot be " + result.type());
                }
            }
        }

        /** The scale of the sum. */
        int scale() {
            return decimals == null ? 0 : decimals.scale();
        }

        long count() {
            return count;
        }

        BigInteger total() {
            return wide != null ? wide : BigInteger.valueOf(sum);
        }

        @Override
        void reset(int position) {
            sum = 0;
            wide = null;
            count = 0;
        }

        @Override
        void add(int position) {
            if (!argument.isNull(position)) {
                count++;
                accumulate(position, false);
            }
        }

        @Override
        void remove(int position) {
            if (!argument.isNull(position)) {
                count--;
                accumulate(position, true);
            }
        }

        private void accumulate(int position, boolean subtract) {
            if (decimals != null && decimals.isWide(position)) {
                BigInteger value = decimals.bigValue(position);
                setWide(total().add(subtract ? value.negate() : value));
                return;
            }
            long value = ints != null ? ints[position] : longs != null ? longs[position] : decimals.values()[position];
            if (wide != null) {
                setWide(subtract ? wide.subtract(BigInteger.valueOf(value)) : wide.add(BigInteger.valueOf(value)));
                return;
            }
            long next = subtract ? sum - value : sum + value;
            boolean overflow = subtract ? ((sum ^ value) & (sum ^ next)) < 0 : ((sum ^ next) & (value ^ next)) < 0;
            if (overflow) {
                BigInteger exact = BigInteger.valueOf(sum);
                setWide(subtract ? exact.subtract(BigInteger.valueOf(value)) : exact.add(BigInteger.valueOf(value)));
            } else {
                sum = next;
            }
        }

        private void setWide(BigInteger value) {
            if (Decimals.fitsLong(value)) {
                sum = value.longValue();
                wide = null;
            } else {
                wide = value;
            }
        }

        @Override
        void write(int position) {
            boolean[] nulls = result.nulls();
            if (count == 0) {
                nulls[position] = true;
                return;
            }
            nulls[position] = false;
            if (result instanceof LongColumn longResult) {
                if (wide != null) {
                    throw new DataException("bigint overflow");
                }
                longResult.values()[position] = sum;
            } else {
                DecimalColumn decimalResult = (DecimalColumn) result;
                if (wide == null) {
                    decimalResult.setLong(position, Decimals.checkPrecision(sum, decimalResult.precision()));
                } else {
                    decimalResult.setBig(position, Decimals.checkPrecision(wide, decimalResult.precision()));
                }
            }
        }
    }

    /**
     * The sum of DOUBLE values without subtraction (which would lose precision and cannot undo infinities): the frame is
     * a queue held as two stacks. Rows that entered since the last rebuild are summed in {@code backSum}; older rows
     * have suffix sums, rebuilt from the back whenever the oldest part runs out, so each row is summed at most twice.
     */
    static final class DoubleSum extends FrameAggregate {

        private final double[] values;
        private final DoubleColumn argument;
        private final double[] suffixSums;
        private int first;
        private int boundary;
        private int end;
        private double backSum;
        private long count;

        DoubleSum(DoubleColumn argument, Column result) {
            super(result);
            if (result != null && !(result instanceof DoubleColumn)) {
                throw new IllegalArgumentException("the sum of DOUBLE values cannot be " + result.type());
            }
            this.argument = argument;
            this.values = argument.values();
            this.suffixSums = new double[Math.max(argument.capacity(), 1)];
        }

        long count() {
            return count;
        }

        double sum() {
            return (first < boundary ? suffixSums[first] : 0.0) + backSum;
        }

        @Override
        void reset(int position) {
            first = position;
            boundary = position;
            end = position;
            backSum = 0;
            count = 0;
        }

        @Override
        void add(int position) {
            end = position + 1;
            if (!argument.isNull(position)) {
                backSum += values[position];
                count++;
            }
        }

        @Override
        void remove(int position) {
            if (first == boundary) {
                double suffix = 0;
                for (int row = end - 1; row >= first; row--) {
                    if (!argument.isNull(row)) {
                        suffix = values[row] + suffix;
                    }
                    suffixSums[row] = suffix;
                }
                boundary = end;
                backSum = 0;
            }
            if (!argument.isNull(position)) {
                count--;
            }
            first++;
        }

        @Override
        void write(int position) {
            boolean[] nulls = result.nulls();
            nulls[position] = count == 0;
            ((DoubleColumn) result).values()[position] = count == 0 ? 0 : sum();
        }

        @Override
        long retainedBytes() {
            return suffixSums.length * 8L;
        }
    }

    /**
     * MIN or MAX of values of any type, compared as ORDER BY compares them: a queue of candidate positions whose values
     * strictly improve from the back, so the front is the extreme of the frame.
     */
    static final class Extreme extends FrameAggregate {

        private final Column argument;
        private final RowComparator comparator;
        private final int[] candidates;
        private int head;
        private int tail;

        Extreme(Column argument, boolean maximum, Column result) {
            super(result);
            if (!argument.type().withNullable(true).equals(result.type().withNullable(true))) {
                throw new IllegalArgumentException((maximum ? "MAX" : "MIN") + " of " + argument.type() + " cannot be "
                        + result.type());
            }
            this.argument = argument;
            // For MAX, "better" is "sorts first in descending order".
            this.comparator = RowComparator.forKey(argument, maximum, false);
            this.candidates = new int[Math.max(argument.capacity(), 1)];
        }

        @Override
        void reset(int position) {
            head = 0;
            tail = 0;
        }

        @Override
        void add(int position) {
            if (argument.isNull(position)) {
                return;
            }
            while (tail > head && comparator.compare(candidates[tail - 1], position) >= 0) {
                tail--;
            }
            candidates[tail++] = position;
        }

        @Override
        void remove(int position) {
            if (head < tail && candidates[head] == position) {
                head++;
            }
        }

        @Override
        void write(int position) {
            if (head < tail) {
                result.copyRow(position, argument, candidates[head]);
            } else {
                result.setNull(position, true);
            }
        }

        @Override
        long retainedBytes() {
            return candidates.length * 4L;
        }
    }

    /**
     * AVG: an exact or double sum and its count. The result is DOUBLE, or DECIMAL rounded half away from zero at the
     * result's scale.
     */
    static final class Average extends FrameAggregate {

        private final FrameAggregate sum;

        Average(Column argument, Column result) {
            super(result);
            if (result.type().kind() != TypeKind.DOUBLE && result.type().kind() != TypeKind.DECIMAL) {
                throw new IllegalArgumentException("AVG cannot be " + result.type());
            }
            this.sum = argument instanceof DoubleColumn doubles ? new DoubleSum(doubles, null) : new ExactSum(argument, null);
        }

        @Override
        void reset(int position) {
            sum.reset(position);
        }

        @Override
        void add(int position) {
            sum.add(position);
        }

        @Override
        void remove(int position) {
            sum.remove(position);
        }

        @Override
        void write(int position) {
            boolean[] nulls = result.nulls();
            long count = sum instanceof ExactSum exact ? exact.count() : ((DoubleSum) sum).count();
            nulls[position] = count == 0;
            if (count == 0) {
                if (result instanceof DecimalColumn decimals) {
                    decimals.setLong(position, 0);
                }
                return;
            }
            switch (result) {
                case DoubleColumn doubles -> doubles.values()[position] = switch (sum) {
                    case ExactSum exact -> new BigDecimal(exact.total(), exact.scale()).doubleValue() / count;
                    case DoubleSum doubleSum -> doubleSum.sum() / count;
                    default -> throw new IllegalStateException();
                };
                case DecimalColumn decimals -> decimals.setBig(position, decimalAverage(decimals.type(), count));
                default -> throw new IllegalStateException();
            }
        }

        private BigInteger decimalAverage(DataType type, long count) {
            int resultScale = type.scale();
            BigInteger divisor = BigInteger.valueOf(count);
            BigInteger average;
            if (sum instanceof ExactSum exact) {
                int scale = exact.scale();
                average = resultScale >= scale
                        ? Decimals.divideRoundHalfUp(exact.total().multiply(Decimals.bigPowerOfTen(resultScale - scale)), divisor)
                        : Decimals.divideRoundHalfUp(exact.total(), divisor.multiply(Decimals.bigPowerOfTen(scale - resultScale)));
            } else {
                average = Decimals.fromDouble(((DoubleSum) sum).sum() / count, resultScale);
            }
            return Decimals.checkPrecision(average, type.precision());
        }

        @Override
        long retainedBytes() {
            return sum.retainedBytes();
        }
    }
}
