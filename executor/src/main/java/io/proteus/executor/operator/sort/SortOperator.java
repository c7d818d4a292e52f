package io.proteus.executor.operator.sort;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnLoader;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.RowStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sorts all input rows (stable, multi-key, ASC/DESC and NULLS FIRST/LAST per key): materialises the input in a
 * {@link RowStore}, sorts row indexes by the key columns, then emits batches gathered in that order.
 */
public final class SortOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final List<SortKey> keys;
    private final MemoryAccount memory;
    private RowStore store;
    private int[] order;
    private int emitted;

    public SortOperator(OperatorContext context, Operator input, List<SortKey> keys) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        this.keys = List.copyOf(keys);
        this.memory = new MemoryAccount(context.allocator());
        int columns = input.schema().getFields().size();
        for (SortKey key : keys) {
            if (key.column() >= columns) {
                throw new IllegalArgumentException("sort key " + key + " does not exist; the input has " + columns + " columns");
            }
        }
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
            VectorSchemaRoot batch;
            while ((batch = input.next()) != null) {
                try {
                    store.append(batch);
                } finally {
                    batch.close();
                }
            }
            order = sortRows(store, keys, memory);
        }
        if (emitted >= store.rowCount()) {
            return null;
        }
        int count = Math.min(TARGET_BATCH_ROWS, store.rowCount() - emitted);
        int[] rows = new int[count];
        System.arraycopy(order, emitted, rows, 0, count);
        emitted += count;
        return store.gather(rows, count, context.allocator());
    }

    /** Loads the key columns of a store and returns its rows in key order (charging the heap used to {@code memory}). */
    static int[] sortRows(RowStore store, List<SortKey> keys, MemoryAccount memory) {
        int rows = store.rowCount();
        List<Column> columns = loadKeys(store.vectors(), keys, rows);
        long bytes = rows * 12L;
        for (Column column : columns) {
            bytes += column.retainedBytes();
        }
        memory.update(bytes);
        return Sorting.sortedRows(columns, keys, rows);
    }

    /** Loads the key columns (rows {@code 0..rows-1}) of the given vectors. */
    static List<Column> loadKeys(List<FieldVector> vectors, List<SortKey> keys, int rows) {
        List<Column> columns = new ArrayList<>(keys.size());
        for (SortKey key : keys) {
            FieldVector vector = vectors.get(key.column());
            Column column = Column.create(DataType.fromField(vector.getField()), Math.max(rows, 1));
            ColumnLoader.load(vector, rows, column);
            columns.add(column);
        }
        return columns;
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
