package io.proteus.executor.operator.sort;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.RowStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The first {@code count} rows in key order, sorted. Memory stays around a few times {@code count} rows: each batch
 * contributes only its own best {@code count} rows, and the candidate store is compacted back to the best
 * {@code count} rows whenever it doubles. Ties keep input order (stable), so earlier rows win.
 */
public final class TopNOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final List<SortKey> keys;
    private final long count;
    private final MemoryAccount memory;
    private RowStore store;
    private int[] order;
    private int emitted;
    private int outputRows;
    /** The key values of the current N-th best row, once N rows are held. */
    private List<Column> cutoff;

    public TopNOperator(OperatorContext context, Operator input, List<SortKey> keys, long count) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        this.keys = List.copyOf(keys);
        this.count = count;
        this.memory = new MemoryAccount(context.allocator());
    }

    @Override
    public Schema schema() {
        return input.schema();
    }

    @Override
    public List<DataType> types() {
        return input.types();
    }

    @Override
    public VectorSchemaRoot next() {
        if (store == null) {
            store = new RowStore(input.schema(), context.allocator());
            if (count > 0) {
                consume();
            }
            order = SortOperator.sortRows(store, keys, memory);
            outputRows = (int) Math.min(count, store.rowCount());
        }
        if (emitted >= outputRows) {
            return null;
        }
        int size = Math.min(TARGET_BATCH_ROWS, outputRows - emitted);
        int[] rows = new int[size];
        System.arraycopy(order, emitted, rows, 0, size);
        emitted += size;
        return store.gather(rows, size, context.allocator());
    }

    private void consume() {
        int limit = (int) Math.min(count, Integer.MAX_VALUE - 16);
        long compactAt = Math.max(2L * limit, 4096);
        VectorSchemaRoot batch;
        int[] candidates = new int[0];
        while ((batch = input.next()) != null) {
            try {
                int rows = batch.getRowCount();
                List<Column> batchKeys = SortOperator.loadKeys(batch.getFieldVectors(), keys, rows);
                if (candidates.length < rows) {
                    candidates = new int[rows];
                }
                // Rows not strictly better than the current N-th row can never enter the result (ties go to earlier rows).
                int survivors = 0;
                for (int row = 0; row < rows; row++) {
                    if (cutoff == null || RowComparator.compareAcross(batchKeys, row, cutoff, 0, keys) < 0) {
                        candidates[survivors++] = row;
                    }
                }
                if (survivors > limit) {
                    NormalizedKeys normalized = NormalizedKeys.of(batchKeys, keys, rows);
                    if (normalized != null) {
                        normalized.sort(candidates, survivors);
                    } else {
                        Sorting.sort(candidates, survivors, RowComparator.of(batchKeys, keys));
                    }
                    survivors = limit;
                }
                if (survivors == rows) {
                    store.append(batch);
                } else {
                    store.appendRows(batch.getFieldVectors(), candidates, survivors);
                }
            } finally {
                batch.close();
            }
            if (store.rowCount() >= compactAt || (cutoff == null && store.rowCount() >= limit)) {
                compact(limit);
            }
        }
    }

    private void compact(int limit) {
        int[] sorted = SortOperator.sortRows(store, keys, memory);
        int keep = Math.min(limit, store.rowCount());
        if (keep == limit && keep > 0) {
            List<Column> storeKeys = SortOperator.loadKeys(store.vectors(), keys, store.rowCount());
            cutoff = new ArrayList<>(keys.size());
            for (Column column : storeKeys) {
                Column value = Column.create(column.type(), 1);
                value.copyRow(0, column, sorted[keep - 1]);
                cutoff.add(value);
            }
        }
        RowStore compacted = new RowStore(input.schema(), context.allocator());
        try {
            compacted.appendRows(store.vectors(), sorted, keep);
        } catch (RuntimeException e) {
            compacted.close();
            throw e;
        }
        store.close();
        store = compacted;
    }

    @Override
    public void close() {
        try {
            input.close();
        } finally {
            if (store != null) {
                store.close();
            }
            memory.close();
        }
    }
}
