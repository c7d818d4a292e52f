package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Skips {@code offset} rows, then passes at most {@code fetch} rows (-1: all). It stops pulling its input as soon as
 * the fetch is satisfied.
 */
public final class LimitOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final long offset;
    private final long fetch;
    private long skipped;
    private long emitted;
    private boolean finished;

    public LimitOperator(OperatorContext context, Operator input, long offset, long fetch) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        this.offset = offset;
        this.fetch = fetch;
        this.finished = fetch == 0;
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
        while (!finished) {
            VectorSchemaRoot batch = input.next();
            if (batch == null) {
                finished = true;
                return null;
            }
            int rows = batch.getRowCount();
            int start = 0;
            if (skipped < offset) {
                start = (int) Math.min(offset - skipped, rows);
                skipped += start;
            }
            int take = rows - start;
            if (fetch >= 0) {
                take = (int) Math.min(take, fetch - emitted);
            }
            emitted += take;
            if (fetch >= 0 && emitted >= fetch) {
                finished = true;
            }
            if (take == 0) {
                batch.close();
                continue;
            }
            if (start == 0 && take == rows) {
                return batch;
            }
            try {
                return Batches.slice(input.schema(), batch.getFieldVectors(), start, take, context.allocator());
            } finally {
                batch.close();
            }
        }
        return null;
    }

    @Override
    public void close() {
        finished = true;
        input.close();
    }
}
