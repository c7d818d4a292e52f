package io.proteus.executor.operator.window;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.plan.WindowFunction;

/**
 * LAG and LEAD (a value a number of rows away in the partition) and FIRST_VALUE, LAST_VALUE and NTH_VALUE (a value at a
 * position of the frame): each result row copies one argument row, or is NULL or the default when there is none.
 */
final class NavigationFunctions {

    private NavigationFunctions() {
    }

    /**
     * LAG or LEAD. {@code offsets} (INTEGER or BIGINT) and {@code defaults} (of the result's type) may be null: one row
     * away, and NULL when it is outside the partition. A row whose offset is NULL gets NULL.
     */
    static void offset(WindowFunction function, WindowLayout layout, Column values, Column offsets, Column defaults,
            Column result) {
        int direction = function == WindowFunction.LAG ? -1 : 1;
        result.prepareNulls();
        for (int partition = 0; partition < layout.partitionCount(); partition++) {
            int start = layout.partitionStart(partition);
            int end = layout.partitionEnd(partition);
            for (int position = start; position < end; position++) {
                if (offsets != null && offsets.isNull(position)) {
                    result.setNull(position, true);
                    continue;
                }
                long offset = offsets == null ? 1 : RankingFunctions.integralValue(offsets, position);
                // An offset longer than any partition only needs to stay out of it.
                long target = offset > layout.rowCount() || offset < -layout.rowCount() ? -1 : position + direction * offset;
                if (target >= start && target < end) {
                    result.copyRow(position, values, (int) target);
                } else if (defaults != null) {
                    result.copyRow(position, defaults, position);
                } else {
                    result.setNull(position, true);
                }
            }
        }
    }

    /** FIRST_VALUE, LAST_VALUE or NTH_VALUE ({@code nth}: INTEGER or BIGINT, at least 1; null for the others). */
    static void frameValue(WindowFunction function, WindowLayout layout, WindowFrames frames, Column values, Column nth,
            Column result) {
        result.prepareNulls();
        for (int position = 0; position < layout.rowCount(); position++) {
            int start = frames.start(position);
            int end = frames.end(position);
            long target = switch (function) {
                case FIRST_VALUE -> start;
                case LAST_VALUE -> end - 1L;
                case NTH_VALUE -> {
                    if (nth.isNull(position)) {
                        yield -1;
                    }
                    long n = RankingFunctions.integralValue(nth, position);
                    if (n < 1) {
                        throw new DataException("NTH_VALUE position must be at least 1, not " + n);
                    }
                    yield n > layout.rowCount() ? -1 : start + n - 1;
                }
                default -> throw new IllegalArgumentException(function + " is not a frame value function");
            };
            if (start < end && target >= start && target < end) {
                result.copyRow(position, values, (int) target);
            } else {
                result.setNull(position, true);
            }
        }
    }
}
