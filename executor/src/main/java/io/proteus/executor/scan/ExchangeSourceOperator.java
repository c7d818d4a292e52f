package io.proteus.executor.scan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.plan.ExchangeSourceNode;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the upstream output partitions ({@link BufferSplit}s) assigned to an exchange source through the worker's
 * {@link io.proteus.executor.task.SplitReader}, in the listed order. Batches arrive owned by this operator's allocator and
 * are passed on as they are when their vectors already have the declared types, converted otherwise.
 */
public final class ExchangeSourceOperator implements Operator {

    private final OperatorContext context;
    private final ExchangeSourceNode node;
    private final Schema schema;
    private final List<DataType> declared;
    private final Iterator<InputSplit> splits;
    /** Streams opened ahead of use, so that remote fetches overlap instead of paying one round trip after another. */
    private final ArrayDeque<OpenStream> opened = new ArrayDeque<>();
    private BatchStream stream;
    private boolean local;

    /** How many splits are opened ahead of the one being read. */
    private static final int LOOKAHEAD = 4;

    private record OpenStream(BatchStream stream, boolean local) {
    }

    public ExchangeSourceOperator(OperatorContext context, ExchangeSourceNode node) {
        this.context = requireNonNull(context, "context");
        this.node = requireNonNull(node, "node");
        this.declared = node.columnTypes();
        this.schema = Vectors.schema(declared, null);
        this.splits = context.task().splits(node.sourceId()).iterator();
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        while (true) {
            context.task().checkCancelled();
            if (stream == null) {
                while (opened.size() <= LOOKAHEAD && splits.hasNext()) {
                    InputSplit split = splits.next();
                    if (!(split instanceof BufferSplit buffer)) {
                        throw new IllegalArgumentException("exchange source " + node.sourceId() + " got a non-buffer split " + split);
                    }
                    BatchStream started = context.task().exchangeReader().open(buffer);
                    opened.add(new OpenStream(started, started.sharedWithoutCopy()));
                    started.start();
                }
                OpenStream next = opened.poll();
                if (next == null) {
                    return null;
                }
                stream = next.stream();
                local = next.local();
            }
            VectorSchemaRoot batch = stream.next(context.allocator());
            if (batch == null) {
                closeStream();
                continue;
            }
            long bytes = Vectors.bufferBytes(batch);
            context.task().recordInput(batch.getRowCount(), bytes);
            context.task().recordExchange(bytes, local);
            if (batch.getRowCount() == 0) {
                batch.close();
                continue;
            }
            try {
                return conform(batch);
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
        }
    }

    /** Returns the batch itself when its vectors have the declared types, a converted copy otherwise. */
    private VectorSchemaRoot conform(VectorSchemaRoot batch) {
        List<FieldVector> vectors = batch.getFieldVectors();
        if (vectors.size() != declared.size()) {
            throw new IllegalStateException("exchange source " + node.sourceId() + " expects " + declared.size()
                    + " columns but a batch has " + vectors.size());
        }
        boolean matches = true;
        List<DataType> actual = Vectors.types(batch.getSchema());
        for (int i = 0; i < declared.size() && matches; i++) {
            DataType want = declared.get(i);
            DataType have = actual.get(i);
            matches = want.kind() == have.kind()
                    && (want.kind() != TypeKind.DECIMAL || want.scale() == have.scale() && want.precision() == have.precision());
        }
        if (matches) {
            return batch;
        }
        int[] columns = new int[declared.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = i;
        }
        VectorSchemaRoot converted = new ColumnAdapter(schema, actual, columns).adapt(batch, context.allocator());
        batch.close();
        return converted;
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } finally {
                stream = null;
            }
        }
    }

    @Override
    public void close() {
        try {
            closeStream();
        } finally {
            RuntimeException failure = null;
            for (OpenStream pending : opened) {
                try {
                    pending.stream().close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            opened.clear();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
