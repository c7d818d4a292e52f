package io.proteus.executor.operator.window;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.plan.WindowFrame;
import io.proteus.executor.plan.WindowFrame.Bound;
import io.proteus.executor.plan.WindowFrame.BoundKind;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The frame of every position: positions {@code start(i)} (inclusive) to {@code end(i)} (exclusive), within the
 * position's partition; {@code start == end} is an empty frame. For every frame with constant offsets both bounds never
 * decrease from one position to the next within a partition, which lets aggregates slide over the frames.
 *
 * <p>RANGE frames with an offset compare the single order key's values: rows whose key is NULL are never in the frame of
 * a row with a non-null key (except through UNBOUNDED bounds), and a NULL-key row's offset bounds are its peer group.
 */
final class WindowFrames {

    private final int[] starts;
    private final int[] ends;

    private WindowFrames(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    int start(int position) {
        return starts[position];
    }

    int end(int position) {
        return ends[position];
    }

    long retainedBytes() {
        return starts.length * 8L;
    }

    /**
     * Computes the frames. {@code orderKey} is the single order key in evaluation order, needed only for a RANGE frame
     * with an offset (null otherwise).
     */
    static WindowFrames compute(WindowFrame frame, WindowLayout layout, Column orderKey, SortKey orderKeyDirection) {
        int rows = layout.rowCount();
        int[] starts = new int[rows];
        int[] ends = new int[rows];
        for (int partition = 0; partition < layout.partitionCount(); partition++) {
            int partitionStart = layout.partitionStart(partition);
            int partitionEnd = layout.partitionEnd(partition);
            if (frame.unit() == WindowFrame.Unit.ROWS) {
                for (int position = partitionStart; position < partitionEnd; position++) {
                    starts[position] = rowsBound(frame.start(), position, partitionStart, partitionEnd, false);
                    ends[position] = rowsBound(frame.end(), position, partitionStart, partitionEnd, true);
                }
            } else {
                RangeSearch search = needsKeyValues(frame)
                        ? new RangeSearch(orderKey, orderKeyDirection, layout, partitionStart, partitionEnd) : null;
                for (int position = partitionStart; position < partitionEnd; position++) {
                    starts[position] = rangeBound(frame.start(), position, layout, partitionStart, partitionEnd, search, false);
                    ends[position] = rangeBound(frame.end(), position, layout, partitionStart, partitionEnd, search, true);
                }
            }
            for (int position = partitionStart; position < partitionEnd; position++) {
                if (ends[position] < starts[position]) {
                    ends[position] = starts[position];
                }
            }
        }
        return new WindowFrames(starts, ends);
    }

    /** Whether a RANGE frame has an offset bound (which needs the order key's values). */
    static boolean needsKeyValues(WindowFrame frame) {
        return frame.unit() == WindowFrame.Unit.RANGE && (frame.start().offset() != null || frame.end().offset() != null);
    }

    /** A ROWS bound: the first position of the frame, or with {@code end} the position after its last. */
    private static int rowsBound(Bound bound, int position, int partitionStart, int partitionEnd, boolean end) {
        long last = switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> partitionStart - 1L;
            case PRECEDING -> position - rowOffset(bound);
            case CURRENT_ROW -> position;
            case FOLLOWING -> position + rowOffset(bound);
            case UNBOUNDED_FOLLOWING -> partitionEnd;
        };
        long result = bound.kind() == BoundKind.UNBOUNDED_PRECEDING ? partitionStart : end ? last + 1 : last;
        return (int) Math.max(partitionStart, Math.min(partitionEnd, result));
    }

    private static long rowOffset(Bound bound) {
        // Offsets past any partition's size behave alike; clamping keeps the arithmetic in range.
        return bound.offset().min(BigDecimal.valueOf(Integer.MAX_VALUE)).longValueExact();
    }

    private static int rangeBound(Bound bound, int position, WindowLayout layout, int partitionStart, int partitionEnd,
            RangeSearch search, boolean end) {
        return switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> partitionStart;
            case UNBOUNDED_FOLLOWING -> partitionEnd;
            case CURRENT_ROW -> end ? layout.peerEnd(position) : layout.peerStart(position);
            case PRECEDING, FOLLOWING -> {
                if (search.isNull(position)) {
                    yield end ? layout.peerEnd(position) : layout.peerStart(position);
                }
                yield search.find(position, bound, end);
            }
        };
    }

    /**
     * Finds RANGE offset bounds in the non-NULL rows of one partition with one cursor per bound: as positions advance,
     * their key values move in the order's direction, and so do the bounds.
     */
    private static final class RangeSearch {

        private final Column key;
        private final int direction;
        private final int valuesStart;
        private final int valuesEnd;
        private final KeyShift shift;
        private int startCursor;
        private int endCursor;

        RangeSearch(Column key, SortKey orderKey, WindowLayout layout, int partitionStart, int partitionEnd) {
            this.key = key;
            this.direction = orderKey.descending() ? -1 : 1;
            int nulls = 0;
            for (int position = partitionStart; position < partitionEnd; position++) {
                if (key.isNull(position)) {
                    nulls++;
                }
            }
            // NULLs sort together at one end of the partition.
            this.valuesStart = orderKey.nullsFirst() ? partitionStart + nulls : partitionStart;
            this.valuesEnd = orderKey.nullsFirst() ? partitionEnd : partitionEnd - nulls;
            this.shift = KeyShift.of(key);
            this.startCursor = valuesStart;
            this.endCursor = valuesStart;
        }

        boolean isNull(int position) {
            return key.isNull(position);
        }

        /**
         * The first position whose key is at or past (start bound) or strictly past (end bound) the current key moved by
         * the offset: backwards in the order's direction for PRECEDING, forwards for FOLLOWING.
         */
        int find(int position, Bound bound, boolean end) {
            int sign = bound.kind() == BoundKind.PRECEDING ? -direction : direction;
            int cursor = end ? endCursor : startCursor;
            while (cursor < valuesEnd) {
                int comparison = direction * shift.compare(cursor, position, sign, bound.offset());
                if (end ? comparison > 0 : comparison >= 0) {
                    break;
                }
                cursor++;
            }
            if (end) {
                endCursor = cursor;
            } else {
                startCursor = cursor;
            }
            return Math.max(cursor, valuesStart);
        }
    }

    /** Compares a key value with another key value moved by a signed offset, exactly for exact types. */
    @FunctionalInterface
    private interface KeyShift {

        /** Compares {@code key[other]} with {@code key[position] + sign * offset}. */
        int compare(int other, int position, int sign, BigDecimal offset);

        static KeyShift of(Column key) {
            return switch (key) {
                case IntColumn ints -> {
                    int[] values = ints.values();
                    yield (other, position, sign, offset) -> compareLongs(values[other], values[position], sign, offset, 0);
                }
                case LongColumn longs -> {
                    long[] values = longs.values();
                    yield (other, position, sign, offset) -> compareLongs(values[other], values[position], sign, offset, 0);
                }
                case DecimalColumn decimals when !decimals.hasWide() -> {
                    long[] values = decimals.values();
                    int scale = decimals.scale();
                    yield (other, position, sign, offset) -> compareLongs(values[other], values[position], sign, offset, scale);
                }
                case DecimalColumn decimals -> (other, position, sign, offset) -> decimals.decimalValue(other)
                        .compareTo(shifted(decimals.decimalValue(position), sign, offset));
                case DoubleColumn doubles -> {
                    double[] values = doubles.values();
                    yield (other, position, sign, offset) ->
                            DoubleColumn.compare(values[other], values[position] + sign * offset.doubleValue());
                }
                default -> throw new IllegalArgumentException("RANGE frame offsets need a numeric or date order key, not "
                        + key.type());
            };
        }

        private static int compareLongs(long other, long value, int sign, BigDecimal offset, int scale) {
            BigDecimal scaled = offset.movePointRight(scale);
            if (scaled.scale() <= 0 || scaled.stripTrailingZeros().scale() <= 0) {
                BigInteger unscaled = scaled.toBigIntegerExact();
                if (unscaled.bitLength() < 63) {
                    long delta = unscaled.longValue();
                    long target = value + sign * delta;
                    boolean overflow = sign > 0 ? target < value : target > value;
                    if (!overflow) {
                        return Long.compare(other, target);
                    }
                    return sign > 0 ? -1 : 1;
                }
            }
            return BigDecimal.valueOf(other).compareTo(shifted(BigDecimal.valueOf(value), sign, scaled));
        }

        private static BigDecimal shifted(BigDecimal value, int sign, BigDecimal offset) {
            return sign > 0 ? value.add(offset) : value.subtract(offset);
        }
    }
}
