package io.proteus.executor.expression;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnLoader;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The batch an expression is evaluated over: how many rows it has and where input column {@code i} comes from. Input
 * columns are loaded from Arrow into {@link Column}s on first use and cached until the next bind. Three bindings exist:
 * the vectors of one batch, candidate pairs of a join (column {@code i} is gathered from the left input for
 * {@code i < leftWidth}, else from the right input), or columns already in Java form.
 *
 * <p>A context belongs to one operator and is reused from batch to batch; it is not thread-safe.
 */
public final class EvaluationContext {

    private int rowCount;
    private long epoch;
    private List<FieldVector> vectors = List.of();
    private List<FieldVector> leftVectors;
    private List<FieldVector> rightVectors;
    private int[] leftRows;
    private int[] rightRows;
    private Column[] boundColumns;
    private Column[] loaded = new Column[0];
    private long[] loadedEpoch = new long[0];

    /** Binds the rows of a batch. */
    public void bind(VectorSchemaRoot batch) {
        bind(batch.getFieldVectors(), batch.getRowCount());
    }

    /** Binds the first {@code rowCount} rows of the given vectors. */
    public void bind(List<FieldVector> batchVectors, int rows) {
        vectors = batchVectors;
        leftVectors = null;
        rightVectors = null;
        boundColumns = null;
        start(rows);
    }

    /**
     * Binds {@code count} joined rows: row {@code k} is left row {@code leftRowIndexes[k]} followed by right row
     * {@code rightRowIndexes[k]}.
     */
    public void bindPairs(List<FieldVector> left, int[] leftRowIndexes, List<FieldVector> right, int[] rightRowIndexes,
            int count) {
        vectors = null;
        leftVectors = left;
        rightVectors = right;
        leftRows = leftRowIndexes;
        rightRows = rightRowIndexes;
        boundColumns = null;
        start(count);
    }

    /** Binds columns already loaded (for example the key columns of a hash table). */
    public void bindColumns(Column[] columns, int rows) {
        vectors = null;
        leftVectors = null;
        rightVectors = null;
        boundColumns = columns;
        start(rows);
    }

    private void start(int rows) {
        rowCount = rows;
        epoch++;
    }

    public int rowCount() {
        return rowCount;
    }

    /** Changes with every bind; lets kernels cache per-batch results. */
    public long epoch() {
        return epoch;
    }

    /** The input column {@code index} of the bound rows, loaded on first use. */
    public Column input(int index) {
        if (boundColumns != null) {
            return boundColumns[index];
        }
        if (index >= loaded.length) {
            int newLength = Math.max(index + 1, loaded.length * 2);
            loaded = Arrays.copyOf(loaded, newLength);
            loadedEpoch = Arrays.copyOf(loadedEpoch, newLength);
        }
        if (loadedEpoch[index] == epoch && loaded[index] != null) {
            return loaded[index];
        }
        FieldVector vector;
        int[] rows = null;
        if (vectors != null) {
            if (index >= vectors.size()) {
                throw new IllegalStateException("input column " + index + " does not exist (batch has " + vectors.size() + ")");
            }
            vector = vectors.get(index);
        } else if (index < leftVectors.size()) {
            vector = leftVectors.get(index);
            rows = leftRows;
        } else {
            if (index - leftVectors.size() >= rightVectors.size()) {
                throw new IllegalStateException("input column " + index + " does not exist");
            }
            vector = rightVectors.get(index - leftVectors.size());
            rows = rightRows;
        }
        Column column = loaded[index];
        if (column == null || !matches(column.type(), vector)) {
            column = Column.create(DataType.fromField(vector.getField()));
            loaded[index] = column;
        }
        ColumnLoader.load(vector, rows, rowCount, column);
        loadedEpoch[index] = epoch;
        return column;
    }

    private static boolean matches(DataType type, FieldVector vector) {
        DataType actual = DataType.fromField(vector.getField());
        return actual.kind() == type.kind() && (type.kind() != TypeKind.DECIMAL || actual.scale() == type.scale()
                && actual.precision() == type.precision());
    }
}
