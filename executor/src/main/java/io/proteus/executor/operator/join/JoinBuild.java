package io.proteus.executor.operator.join;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.hash.DenseKeyIndex;
import io.proteus.executor.operator.hash.GroupHashTable;
import io.proteus.executor.vector.RowStore;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The build side of a hash join once it is built: its rows in a {@link RowStore}, their distinct non-NULL keys in a
 * {@link GroupHashTable} (or, for one integer key over a dense range, a {@link DenseKeyIndex}), and each key's rows
 * listed contiguously ({@link #groupStart}, {@link #groupRows}).
 *
 * <p>After {@link #build} it is never modified, so that the tasks of one worker that join against the same broadcast
 * input can share one build ({@link io.proteus.executor.task.SharedBuilds}): {@link #find} is safe to call from
 * several threads, each with its own {@link GroupHashTable.Scratch}. Per-probe state (matched flags) stays with each
 * join operator.
 *
 * <p>Ownership: the build owns its row store, whose vectors live in the allocator given to {@link #build}; closing the
 * build frees them. Whoever built it closes it (the operator for a private build, the shared registry otherwise).
 */
public final class JoinBuild implements AutoCloseable {

    private final RowStore store;
    private final GroupHashTable table;
    private final DenseKeyIndex denseIndex;
    private final int[] groupStart;
    private final int[] groupRows;
    private final int[] uniqueRows;
    private final long heapBytes;
    private MemoryAccount heapAccount;

    private JoinBuild(RowStore store, GroupHashTable table, DenseKeyIndex denseIndex, int[] groupStart, int[] groupRows,
            int[] uniqueRows, long heapBytes) {
        this.store = store;
        this.table = table;
        this.denseIndex = denseIndex;
        this.groupStart = groupStart;
        this.groupRows = groupRows;
        this.uniqueRows = uniqueRows;
        this.heapBytes = heapBytes;
    }

    /**
     * Drains {@code input} into a row store allocated from {@code allocator} and indexes its keys. The input's batches
     * are copied and closed; on failure everything allocated is released. With {@code chargeHeap} the index's heap
     * memory is charged to {@code allocator} too until the build is closed (a shared build, which outlives the
     * operator that built it); otherwise the caller accounts for {@link #heapBytes()}.
     */
    public static JoinBuild build(Operator input, JoinKeys keys, BufferAllocator allocator, boolean chargeHeap) {
        requireNonNull(input, "input");
        requireNonNull(keys, "keys");
        RowStore store = new RowStore(input.schema(), requireNonNull(allocator, "allocator"));
        try {
            VectorSchemaRoot batch;
            while ((batch = input.next()) != null) {
                try {
                    store.append(batch);
                } finally {
                    batch.close();
                }
            }
            JoinBuild build = index(store, keys);
            if (chargeHeap) {
                MemoryAccount account = new MemoryAccount(allocator);
                build.heapAccount = account;
                account.update(build.heapBytes);
            }
            return build;
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
    }

    private static JoinBuild index(RowStore store, JoinKeys buildKeys) {
        int rows = store.rowCount();
        EvaluationContext evaluation = new EvaluationContext();
        evaluation.bind(store.vectors(), rows);
        Column[] keys = buildKeys.evaluate(evaluation);
        int[] selection = new int[Math.max(rows, 1)];
        int count = JoinKeys.nonNullRows(keys, rows, selection);
        int[] groups = new int[Math.max(rows, 1)];
        DenseKeyIndex denseIndex = DenseKeyIndex.applies(keys) ? DenseKeyIndex.build(keys[0], selection, count, groups) : null;
        GroupHashTable table = null;
        int groupCount;
        if (denseIndex != null) {
            groupCount = denseIndex.groupCount();
        } else {
            table = new GroupHashTable(buildKeys.types());
            long[] hashes = new long[Math.max(rows, 1)];
            JoinKeys.hash(keys, rows, hashes);
            table.findOrInsert(keys, hashes, selection, count, rows, groups);
            groupCount = table.groupCount();
        }
        int[] groupStart = new int[groupCount + 1];
        for (int k = 0; k < count; k++) {
            groupStart[groups[selection[k]] + 1]++;
        }
        for (int g = 0; g < groupCount; g++) {
            groupStart[g + 1] += groupStart[g];
        }
        int[] groupRows = new int[Math.max(count, 1)];
        int[] fill = Arrays.copyOf(groupStart, groupCount);
        for (int k = 0; k < count; k++) {
            int row = selection[k];
            groupRows[fill[groups[row]]++] = row;
        }
        int[] uniqueRows = null;
        if (count == groupCount) {
            // Every key occurs once (a primary key): a group's only row, for the one-pair-per-row fast path.
            uniqueRows = new int[Math.max(groupCount, 1)];
            for (int g = 0; g < groupCount; g++) {
                uniqueRows[g] = groupRows[groupStart[g]];
            }
        }
        long heapBytes = (table == null ? denseIndex.retainedBytes() : table.retainedBytes()) + groupStart.length * 4L
                + groupRows.length * 4L + (uniqueRows == null ? 0 : uniqueRows.length * 4L);
        return new JoinBuild(store, table, denseIndex, groupStart, groupRows, uniqueRows, heapBytes);
    }

    /**
     * Looks up rows {@code selection[0..count-1]} (non-NULL keys) of a probe batch: {@code groupIds[row]} receives the
     * build key's group, or -1 when the key is absent. {@code hashes} is the caller's array of at least
     * {@code batchRows} elements, filled here when the table needs hashes. Safe to call from several threads.
     */
    public void find(Column[] keys, long[] hashes, int[] selection, int count, int batchRows, int[] groupIds,
            GroupHashTable.Scratch scratch) {
        if (denseIndex != null) {
            denseIndex.find(keys[0], selection, count, groupIds);
        } else {
            JoinKeys.hash(keys, batchRows, hashes);
            table.find(keys, hashes, selection, count, batchRows, groupIds, scratch);
        }
    }

    /** The build rows' vectors (read-only). */
    public List<FieldVector> vectors() {
        return store.vectors();
    }

    public int rowCount() {
        return store.rowCount();
    }

    /** Where group {@code g}'s rows start in {@link #groupRows()}; one more element than there are groups. */
    public int[] groupStart() {
        return groupStart;
    }

    /** The build rows of every group, group after group. */
    public int[] groupRows() {
        return groupRows;
    }

    /** For a build whose keys are all distinct, the only row of each group; null otherwise. */
    public int[] uniqueRows() {
        return uniqueRows;
    }

    /** Approximate Java heap bytes retained by the index (the rows' Arrow memory is in the build's allocator). */
    public long heapBytes() {
        return heapBytes;
    }

    @Override
    public void close() {
        if (heapAccount != null) {
            heapAccount.close();
            heapAccount = null;
        }
        store.close();
    }
}
