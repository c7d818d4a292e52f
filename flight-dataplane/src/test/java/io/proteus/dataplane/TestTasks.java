package io.proteus.dataplane;

import io.proteus.executor.DataException;
import io.proteus.executor.MemoryLimitExceededException;
import io.proteus.executor.TaskExecutionException;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.OutputSink;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.task.SplitReader;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.executor.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A test double of the executor's task runner: what a task does depends on its stage id (see the constants), and the
 * rows it writes are a known function of task index, attempt and row number.
 */
final class TestTasks implements TaskFunction {

    /** Writes {@link #batchCount} batches of {@link #rowsPerBatch} known rows into partition 0. */
    static final int PRODUCE = 1;
    /** Reads all splits of source 0 and writes the rows it read into partition 0. */
    static final int CONSUME = 2;
    /** Throws {@link #FAILURE_MESSAGE}. */
    static final int FAIL = 3;
    /** Waits for {@link #release}, then produces like {@link #PRODUCE}. */
    static final int BLOCK = 4;
    /** Allocates more than the worker's memory limit. */
    static final int EXCEED_MEMORY = 5;
    /** Spins until cancelled, then throws a {@link CancellationException}. */
    static final int UNTIL_CANCELLED = 6;

    /** Throws the executor's wrapped {@code DataException("division by zero")}. */
    static final int DATA_ERROR = 7;
    /** Throws the executor's {@code MemoryLimitExceededException}. */
    static final int TASK_MEMORY_LIMIT = 8;

    static final String FAILURE_MESSAGE = "engine bug in task on purpose";
    static final Schema SCHEMA = new Schema(List.of(
            DataType.integer(false).toField("value"), DataType.varchar(true).toField("label")));

    volatile int batchCount = 2;
    volatile int rowsPerBatch = 100;
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();

    static TaskDescriptor task(String queryId, int stageId, int taskIndex, int attempt) {
        return task(queryId, stageId, taskIndex, attempt, List.of());
    }

    static TaskDescriptor task(String queryId, int stageId, int taskIndex, int attempt, List<InputSplit> splits) {
        return new TaskDescriptor(queryId, stageId, taskIndex, attempt,
                new ValuesNode(List.of(DataType.integer(false), DataType.varchar(true)), List.of()),
                splits.isEmpty() ? Map.of() : Map.of(0, splits), OutputPartitioning.single(), 64L << 20);
    }

    /** The value of row {@code row} of batch {@code batch} produced by a task. */
    static int expectedValue(TaskDescriptor task, int batch, int row) {
        return task.taskIndex() * 1_000_000 + task.attempt() * 100_000 + batch * 1_000 + row;
    }

    /** Labels are null for every fifth row, so validity buffers are mixed. */
    static String expectedLabel(int value) {
        return value % 5 == 4 ? null : "row-" + value;
    }

    List<Integer> expectedValues(TaskDescriptor task) {
        List<Integer> values = new ArrayList<>();
        for (int batch = 0; batch < batchCount; batch++) {
            for (int row = 0; row < rowsPerBatch; row++) {
                values.add(expectedValue(task, batch, row));
            }
        }
        return values;
    }

    @Override
    public TaskResult run(TaskDescriptor task, String workerId, BufferAllocator workerAllocator,
            SplitReader exchangeReader, OutputSink sink, BooleanSupplier cancelled) throws Exception {
        long start = System.nanoTime();
        started.incrementAndGet();
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            return switch (task.stageId()) {
                case PRODUCE -> produce(task, workerId, sink, start);
                case CONSUME -> consume(task, workerId, workerAllocator, exchangeReader, sink, start);
                case FAIL -> throw new IllegalStateException(FAILURE_MESSAGE);
                case DATA_ERROR -> throw new TaskExecutionException("task " + task.taskIndex() + " failed",
                        new DataException("division by zero"));
                case TASK_MEMORY_LIMIT -> throw new MemoryLimitExceededException("task-" + task.taskIndex(),
                        task.memoryLimitBytes(), null);
                case BLOCK -> {
                    while (!release.await(10, TimeUnit.MILLISECONDS)) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("task cancelled while blocked");
                        }
                    }
                    yield produce(task, workerId, sink, start);
                }
                case EXCEED_MEMORY -> {
                    try (ArrowBuf huge = sink.allocator().buffer(workerAllocator.getLimit() + 1)) {
                        throw new AssertionError("allocated " + huge.capacity() + " bytes beyond the limit");
                    }
                }
                case UNTIL_CANCELLED -> {
                    while (!cancelled.getAsBoolean()) {
                        Thread.sleep(5);
                    }
                    throw new CancellationException("task " + task.taskIndex() + " cancelled");
                }
                default -> throw new IllegalArgumentException("unknown test stage " + task.stageId());
            };
        } finally {
            running.decrementAndGet();
        }
    }

    private TaskResult produce(TaskDescriptor task, String workerId, OutputSink sink, long start) {
        sink.open(SCHEMA, 1);
        long rows = 0;
        long bytes = 0;
        for (int batch = 0; batch < batchCount; batch++) {
            List<Integer> values = new ArrayList<>();
            for (int row = 0; row < rowsPerBatch; row++) {
                values.add(expectedValue(task, batch, row));
            }
            ArrowRecordBatch recordBatch = batchOf(values, sink.allocator());
            rows += recordBatch.getLength();
            bytes += recordBatch.computeBodyLength();
            sink.accept(0, recordBatch);
        }
        return result(task, workerId, List.of(new PartitionStatistics(0, rows, bytes, batchCount)), 0, 0, start);
    }

    private TaskResult consume(TaskDescriptor task, String workerId, BufferAllocator workerAllocator,
            SplitReader exchangeReader, OutputSink sink, long start) {
        List<Integer> values = new ArrayList<>();
        long inputBytes = 0;
        try (BufferAllocator taskAllocator = workerAllocator.newChildAllocator(
                "task-" + task.queryId() + "-" + task.stageId() + "-" + task.taskIndex(), 0,
                task.memoryLimitBytes())) {
            for (InputSplit split : task.inputs().getOrDefault(0, List.of())) {
                try (BatchStream stream = exchangeReader.open((BufferSplit) split)) {
                    VectorSchemaRoot next;
                    while ((next = stream.next(taskAllocator)) != null) {
                        try (VectorSchemaRoot root = next) {
                            values.addAll(values(root));
                            inputBytes += root.getFieldVectors().stream().mapToLong(v -> v.getBufferSize()).sum();
                        }
                    }
                }
            }
        }
        sink.open(SCHEMA, 1);
        ArrowRecordBatch batch = batchOf(values, sink.allocator());
        long bytes = batch.computeBodyLength();
        sink.accept(0, batch);
        return result(task, workerId, List.of(new PartitionStatistics(0, values.size(), bytes, 1)), values.size(),
                inputBytes, start);
    }

    private static TaskResult result(TaskDescriptor task, String workerId, List<PartitionStatistics> partitions,
            long inputRows, long inputBytes, long start) {
        return new TaskResult(task.queryId(), task.stageId(), task.taskIndex(), workerId, partitions, inputRows,
                inputBytes, 0, 0, System.nanoTime() - start, 0);
    }

    /** A record batch of the test schema holding {@code values}, allocated from {@code allocator}. */
    static ArrowRecordBatch batchOf(List<Integer> values, BufferAllocator allocator) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            IntVector value = (IntVector) root.getVector("value");
            VarCharVector label = (VarCharVector) root.getVector("label");
            value.allocateNew(values.size());
            label.allocateNew(values.size());
            for (int row = 0; row < values.size(); row++) {
                int v = values.get(row);
                value.set(row, v);
                String text = expectedLabel(v);
                if (text == null) {
                    label.setNull(row);
                } else {
                    label.setSafe(row, text.getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(values.size());
            // The batch takes its own references to the buffers; closing the root drops the root's.
            return new VectorUnloader(root).getRecordBatch();
        }
    }

    /** The values of a root of the test schema, checking its labels on the way. */
    static List<Integer> values(VectorSchemaRoot root) {
        IntVector value = (IntVector) root.getVector("value");
        VarCharVector label = (VarCharVector) root.getVector("label");
        List<Integer> values = new ArrayList<>(root.getRowCount());
        for (int row = 0; row < root.getRowCount(); row++) {
            int v = value.get(row);
            String expected = expectedLabel(v);
            String actual = label.isNull(row) ? null : new String(label.get(row), StandardCharsets.UTF_8);
            if (!java.util.Objects.equals(expected, actual)) {
                throw new AssertionError("row " + row + ": label " + actual + ", expected " + expected);
            }
            values.add(v);
        }
        return values;
    }

    /** Reads a whole stream into {@code allocator}, closing every batch. */
    static List<Integer> readAll(BatchStream stream, BufferAllocator allocator) {
        List<Integer> values = new ArrayList<>();
        VectorSchemaRoot next;
        while ((next = stream.next(allocator)) != null) {
            try (VectorSchemaRoot root = next) {
                values.addAll(values(root));
            }
        }
        return values;
    }
}
