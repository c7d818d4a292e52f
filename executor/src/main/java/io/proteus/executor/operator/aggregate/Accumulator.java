package io.proteus.executor.operator.aggregate;

import io.proteus.executor.column.Column;
import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * The per-group state of one aggregate, in primitive arrays indexed by group id. Inputs arrive as positional columns
 * (already converted to the types the accumulator expects) with a group id per row; only rows
 * {@code rows[0..count-1]} (or {@code 0..count-1}) are aggregated.
 */
abstract class Accumulator {

    /** Makes room for groups {@code 0..groups-1}. */
    abstract void ensureGroups(int groups);

    /** Aggregates raw input values. */
    abstract void add(Column[] inputs, int[] groupIds, int[] rows, int count);

    /** Merges intermediate states produced by a PARTIAL aggregation. */
    abstract void merge(Column[] states, int[] groupIds, int[] rows, int count);

    /** The types of the intermediate state columns, as {@link #states} produces them. */
    abstract List<DataType> stateTypes();

    /** The type {@link #result} produces. */
    abstract DataType resultType();

    /** The states of groups {@code from..from+count-1} as columns with rows {@code 0..count-1}. */
    abstract Column[] states(int from, int count);

    /** The final values of groups {@code from..from+count-1} as a column with rows {@code 0..count-1}. */
    abstract Column result(int from, int count);

    /** Approximate heap bytes retained. */
    abstract long retainedBytes();

    static int grownCapacity(int current, int needed) {
        return Math.max(needed, Math.max(16, current * 2));
    }
}
