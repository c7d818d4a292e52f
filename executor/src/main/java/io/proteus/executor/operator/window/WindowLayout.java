package io.proteus.executor.operator.window;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnLoader;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.sort.NormalizedKeys;
import io.proteus.executor.operator.sort.RowComparator;
import io.proteus.executor.operator.sort.Sorting;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.arrow.vector.FieldVector;

/**
 * The materialised rows of a window operator in evaluation order: sorted by the partition keys, then the order keys
 * (stable, so ties keep input order). Positions {@code 0..rowCount-1} index that order; {@link #row} maps a position
 * back to the stored row. Partitions are consecutive position ranges, and so are peer groups (rows of a partition with
 * equal order keys, NULLs equal), which every function reads by position.
 */
final class WindowLayout {

    private final int rowCount;
    private final int[] order;
    private final int[] partitionStarts;
    private final int partitionCount;
    private final int[] peerStarts;
    private final int[] peerEnds;

    private WindowLayout(int rowCount, int[] order, int[] partitionStarts, int partitionCount, int[] peerStarts,
            int[] peerEnds) {
        this.rowCount = rowCount;
        this.order = order;
        this.partitionStarts = partitionStarts;
        this.partitionCount = partitionCount;
        this.peerStarts = peerStarts;
        this.peerEnds = peerEnds;
    }

    /**
     * Sorts the first {@code rows} rows of {@code vectors} and finds their partitions and peer groups, charging the heap
     * used meanwhile (key columns, order) to {@code memory}.
     */
    static WindowLayout create(List<FieldVector> vectors, int rows, List<Integer> partitionKeys, List<SortKey> orderKeys,
            MemoryAccount memory) {
        List<Column> partitionColumns = new ArrayList<>(partitionKeys.size());
        List<SortKey> partitionOrder = new ArrayList<>(partitionKeys.size());
        for (int key : partitionKeys) {
            partitionColumns.add(load(vectors.get(key), rows));
            partitionOrder.add(SortKey.ascending(key));
        }
        List<Column> orderColumns = new ArrayList<>(orderKeys.size());
        for (SortKey key : orderKeys) {
            orderColumns.add(load(vectors.get(key.column()), rows));
        }
        List<Column> sortColumns = new ArrayList<>(partitionColumns);
        sortColumns.addAll(orderColumns);
        List<SortKey> sortKeys = new ArrayList<>(partitionOrder);
        sortKeys.addAll(orderKeys);
        long bytes = rows * 28L;
        for (Column column : sortColumns) {
            bytes += column.retainedBytes();
        }
        // The ordinals of the keys, the packed sort words and a string dictionary's slots.
        bytes += rows * (4L * sortColumns.size() + 24L);
        memory.update(bytes);
        int[] order;
        NormalizedKeys normalized = sortColumns.isEmpty() ? null : NormalizedKeys.of(sortColumns, sortKeys, rows);
        // Whether the row at a sorted position (at least 1) starts a new partition, or a new peer group in its partition.
        IntPredicate newPartition;
        IntPredicate newPeers;
        if (normalized != null) {
            order = normalized.sortedRows();
            int partitionKeyCount = partitionColumns.size();
            int keyCount = sortColumns.size();
            newPartition = position -> !normalized.sameAsPrevious(position, partitionKeyCount);
            newPeers = position -> !normalized.sameAsPrevious(position, keyCount);
        } else {
            if (sortColumns.isEmpty()) {
                order = new int[rows];
                for (int i = 0; i < rows; i++) {
                    order[i] = i;
                }
            } else {
                order = Sorting.sortedRows(sortColumns, sortKeys, rows);
            }
            int[] sorted = order;
            RowComparator samePartition = RowComparator.of(partitionColumns, partitionOrder);
            RowComparator samePeers = RowComparator.of(orderColumns, orderKeys);
            newPartition = position -> !partitionColumns.isEmpty()
                    && samePartition.compare(sorted[position - 1], sorted[position]) != 0;
            newPeers = position -> !orderColumns.isEmpty() && samePeers.compare(sorted[position - 1], sorted[position]) != 0;
        }
        int[] partitionStarts = new int[rows + 1];
        int partitionCount = 0;
        int[] peerStarts = new int[rows];
        int[] peerEnds = new int[rows];
        int peerStart = 0;
        for (int position = 0; position < rows; position++) {
            boolean partitionStart = position == 0 || (!partitionColumns.isEmpty() && newPartition.test(position));
            if (partitionStart) {
                partitionStarts[partitionCount++] = position;
            }
            if (partitionStart || (!orderColumns.isEmpty() && newPeers.test(position))) {
                for (int peer = peerStart; peer < position; peer++) {
                    peerEnds[peer] = position;
                }
                peerStart = position;
            }
            peerStarts[position] = peerStart;
        }
        for (int peer = peerStart; peer < rows; peer++) {
            peerEnds[peer] = rows;
        }
        partitionStarts[partitionCount] = rows;
        return new WindowLayout(rows, order, partitionStarts, partitionCount, peerStarts, peerEnds);
    }

    private static Column load(FieldVector vector, int rows) {
        Column column = Column.create(DataType.fromField(vector.getField()), Math.max(rows, 1));
        ColumnLoader.load(vector, rows, column);
        return column;
    }

    int rowCount() {
        return rowCount;
    }

    /** The stored rows in evaluation order. */
    int[] order() {
        return order;
    }

    int partitionCount() {
        return partitionCount;
    }

    /** The first position of partition {@code partition}. */
    int partitionStart(int partition) {
        return partitionStarts[partition];
    }

    /** The position after the last of partition {@code partition}. */
    int partitionEnd(int partition) {
        return partitionStarts[partition + 1];
    }

    /** The first position of the peer group of {@code position}. */
    int peerStart(int position) {
        return peerStarts[position];
    }

    /** The position after the last of the peer group of {@code position}. */
    int peerEnd(int position) {
        return peerEnds[position];
    }

    /** Loads a column of the stored rows in evaluation order (position {@code i} holds the row at {@code order[i]}). */
    Column loadInOrder(FieldVector vector) {
        Column column = Column.create(DataType.fromField(vector.getField()), Math.max(rowCount, 1));
        ColumnLoader.load(vector, order, rowCount, column);
        return column;
    }

    /** Approximate heap bytes retained (key columns used for sorting are not kept). */
    long retainedBytes() {
        return rowCount * 16L + 64;
    }
}
