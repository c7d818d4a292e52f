package io.proteus.executor.output;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.TaskExecutionException;
import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.OutputSink;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.task.PartitioningKind;
import io.proteus.executor.vector.VectorCopy;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Distributes a task's output rows over its output partitions (SINGLE and BROADCAST: partition 0; HASH:
 * {@link RowHashing#partition} of the key hash) and hands them to the {@link OutputSink} as {@link ArrowRecordBatch}es.
 * Rows are copied into per-partition vectors allocated from the sink's allocator and accumulated up to
 * {@link #FLUSH_ROWS} rows, so that consumers get reasonably sized batches whatever the input batch sizes.
 */
public final class OutputPartitioner implements AutoCloseable {

    /** Rows accumulated per partition before a batch is handed to the sink. */
    public static final int FLUSH_ROWS = 32 * 1024;

    private final OutputPartitioning partitioning;
    private final Schema schema;
    private final OutputSink sink;
    private final PartitionBuffer[] buffers;
    private final long[] rows;
    private final long[] bytes;
    private final int[] batches;
    private final int[] hashKeys;
    private final EvaluationContext evaluation = new EvaluationContext();
    private long[] hashes = new long[0];
    private int[] partitionOf = new int[0];
    private int[] partitionRows = new int[0];
    private int[] partitionStart = new int[0];

    public OutputPartitioner(OutputPartitioning partitioning, Schema schema, OutputSink sink) {
        this.partitioning = requireNonNull(partitioning, "partitioning");
        this.schema = requireNonNull(schema, "schema");
        this.sink = requireNonNull(sink, "sink");
        int count = partitioning.partitionCount();
        this.buffers = new PartitionBuffer[count];
        this.rows = new long[count];
        this.bytes = new long[count];
        this.batches = new int[count];
        this.hashKeys = partitioning.hashKeys().stream().mapToInt(Integer::intValue).toArray();
        for (int key : hashKeys) {
            if (key < 0 || key >= schema.getFields().size()) {
                throw new IllegalArgumentException("hash key " + key + " does not exist; the output has "
                        + schema.getFields().size() + " columns");
            }
        }
    }

    /** Announces the schema and partition count to the sink. */
    public void open() {
        sink.open(schema, partitioning.partitionCount());
    }

    /** Distributes the rows of a batch (still owned by the caller). */
    public void add(VectorSchemaRoot batch) {
        int count = batch.getRowCount();
        if (count == 0) {
            return;
        }
        try {
            if (partitioning.kind() != PartitioningKind.HASH) {
                appendRange(0, batch.getFieldVectors(), count);
                return;
            }
            partitionRows(batch, count);
            int partitionCount = buffers.length;
            for (int partition = 0; partition < partitionCount; partition++) {
                int start = partitionStart[partition];
                int end = partitionStart[partition + 1];
                if (end > start) {
                    appendRows(partition, batch.getFieldVectors(), start, end - start);
                }
            }
        } catch (OutOfMemoryException e) {
            throw new TaskExecutionException("cannot allocate output buffer memory from the sink allocator "
                    + sink.allocator().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Computes each row's partition and groups row indexes by partition (counting sort, stable). */
    private void partitionRows(VectorSchemaRoot batch, int count) {
        if (hashes.length < count) {
            hashes = new long[count];
            partitionOf = new int[count];
            partitionRows = new int[count];
        }
        evaluation.bind(batch);
        for (int k = 0; k < hashKeys.length; k++) {
            Column column = evaluation.input(hashKeys[k]);
            RowHashing.hashColumn(column, null, count, hashes, k > 0);
        }
        int partitionCount = buffers.length;
        if (partitionStart.length < partitionCount + 1) {
            partitionStart = new int[partitionCount + 1];
        }
        java.util.Arrays.fill(partitionStart, 0);
        for (int i = 0; i < count; i++) {
            int partition = RowHashing.partition(hashes[i], partitionCount);
            partitionOf[i] = partition;
            partitionStart[partition + 1]++;
        }
        for (int p = 0; p < partitionCount; p++) {
            partitionStart[p + 1] += partitionStart[p];
        }
        int[] fill = java.util.Arrays.copyOf(partitionStart, partitionCount);
        for (int i = 0; i < count; i++) {
            partitionRows[fill[partitionOf[i]]++] = i;
        }
    }

    private void appendRange(int partition, List<FieldVector> source, int count) {
        int position = 0;
        while (position < count) {
            PartitionBuffer buffer = buffer(partition);
            int take = Math.min(count - position, FLUSH_ROWS - buffer.rowCount);
            for (int column = 0; column < source.size(); column++) {
                VectorCopy.copyRange(source.get(column), position, take, buffer.vectors.get(column), buffer.rowCount);
            }
            buffer.rowCount += take;
            position += take;
            if (buffer.rowCount >= FLUSH_ROWS) {
                flush(partition);
            }
        }
    }

    private void appendRows(int partition, List<FieldVector> source, int start, int count) {
        int position = 0;
        while (position < count) {
            PartitionBuffer buffer = buffer(partition);
            int take = Math.min(count - position, FLUSH_ROWS - buffer.rowCount);
            for (int column = 0; column < source.size(); column++) {
                VectorCopy.gather(source.get(column), partitionRows, start + position, take, buffer.vectors.get(column),
                        buffer.rowCount);
            }
            buffer.rowCount += take;
            position += take;
            if (buffer.rowCount >= FLUSH_ROWS) {
                flush(partition);
            }
        }
    }

    private PartitionBuffer buffer(int partition) {
        if (buffers[partition] == null) {
            // Output vectors come from the sink's allocator: the output outlives this task, so it must not be charged
            // to (nor freed with) the task's allocator.
            buffers[partition] = new PartitionBuffer(schema, sink.allocator());
        }
        return buffers[partition];
    }

    private void flush(int partition) {
        PartitionBuffer buffer = buffers[partition];
        if (buffer == null || buffer.rowCount == 0) {
            return;
        }
        buffers[partition] = null;
        ArrowRecordBatch batch;
        try (VectorSchemaRoot root = buffer.toRoot()) {
            batch = new VectorUnloader(root).getRecordBatch();
        }
        rows[partition] += batch.getLength();
        bytes[partition] += batch.computeBodyLength();
        batches[partition]++;
        // Ownership of the record batch (which retains the buffers the root just released) passes to the sink.
        sink.accept(partition, batch);
    }

    /** Hands every partially filled partition to the sink. */
    public void finish() {
        try {
            for (int partition = 0; partition < buffers.length; partition++) {
                flush(partition);
            }
        } catch (OutOfMemoryException e) {
            throw new TaskExecutionException("cannot allocate output buffer memory: " + e.getMessage(), e);
        }
    }

    /** What was handed to the sink, per partition. */
    public List<PartitionStatistics> statistics() {
        List<PartitionStatistics> statistics = new ArrayList<>(buffers.length);
        for (int partition = 0; partition < buffers.length; partition++) {
            statistics.add(new PartitionStatistics(partition, rows[partition], bytes[partition], batches[partition]));
        }
        return statistics;
    }

    /** Releases rows not handed to the sink (after a failure). */
    @Override
    public void close() {
        for (int partition = 0; partition < buffers.length; partition++) {
            if (buffers[partition] != null) {
                buffers[partition].close();
                buffers[partition] = null;
            }
        }
    }

    /** The vectors accumulating one partition's next batch. */
    private static final class PartitionBuffer implements AutoCloseable {

        private final List<Field> fields;
        private final List<FieldVector> vectors = new ArrayList<>();
        private int rowCount;

        PartitionBuffer(Schema schema, org.apache.arrow.memory.BufferAllocator allocator) {
            this.fields = schema.getFields();
            try {
                for (Field field : fields) {
                    vectors.add(field.createVector(allocator));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        VectorSchemaRoot toRoot() {
            for (FieldVector vector : vectors) {
                Vectors.setValueCount(vector, rowCount);
            }
            return new VectorSchemaRoot(fields, vectors, rowCount);
        }

        @Override
        public void close() {
            vectors.forEach(FieldVector::close);
        }
    }
}
