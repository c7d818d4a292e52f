package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Passes on the batches of each input in turn ({@link io.proteus.executor.plan.UnionAllNode}). Batches are not copied:
 * their ownership passes from the input to this operator's caller. An input is closed as soon as it is exhausted, so
 * that what it holds (a join's hash table, say) is freed before the next input runs.
 */
public final class UnionAllOperator implements Operator {

    private final List<Operator> inputs;
    private final Schema schema;
    private final boolean[] closed;
    private int current;

    public UnionAllOperator(List<Operator> inputs, List<DataType> columnTypes) {
        this.inputs = List.copyOf(inputs);
        this.schema = Vectors.schema(requireNonNull(columnTypes, "columnTypes"), null);
        this.closed = new boolean[this.inputs.size()];
        for (Operator input : this.inputs) {
            List<DataType> types = input.types();
            if (types.size() != columnTypes.size()) {
                throw new IllegalArgumentException("a union input has " + types.size() + " columns, the union "
                        + columnTypes.size());
            }
            for (int i = 0; i < types.size(); i++) {
                if (!types.get(i).withNullable(true).equals(columnTypes.get(i).withNullable(true))) {
                    throw new IllegalArgumentException("union input column " + i + " is " + types.get(i)
                            + ", the union's " + columnTypes.get(i));
                }
            }
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        while (current < inputs.size()) {
            VectorSchemaRoot batch = inputs.get(current).next();
            if (batch != null) {
                return batch;
            }
            closeInput(current);
            current++;
        }
        return null;
    }

    private void closeInput(int index) {
        if (!closed[index]) {
            closed[index] = true;
            inputs.get(index).close();
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = 0; i < inputs.size(); i++) {
            try {
                closeInput(i);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        current = inputs.size();
        if (failure != null) {
            throw failure;
        }
    }
}
