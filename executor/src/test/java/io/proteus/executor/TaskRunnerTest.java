package io.proteus.executor;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateFunction;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.plan.ExchangeSourceNode;
import io.proteus.executor.plan.FilterNode;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.ProjectNode;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.plan.SortNode;
import io.proteus.executor.plan.TableScanNode;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.FileSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.task.SplitReader;
import io.proteus.executor.task.TaskCodec;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.testing.RecordingSink;
import io.proteus.executor.testing.TableFiles;
import io.proteus.executor.testing.TestData;
import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest extends ArrowTestSupport {

    private static final DataType BOOL = DataType.bool(true);
    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);
    private static final List<String> NAMES = List.of("store", "item", "price", "note");
    private static final List<DataType> TYPES = types(INT, INT, DEC, TEXT);

    @TempDir
    Path directory;

    private BufferAllocator worker;
    private BufferAllocator buffers;
    private RecordingSink sink;
    private final TaskRunner runner = new TaskRunner();

    @BeforeEach
    void setUpAllocators() {
        worker = allocator.newChildAllocator("worker", 0, Long.MAX_VALUE);
        buffers = allocator.newChildAllocator("buffers", 0, Long.MAX_VALUE);
        sink = new RecordingSink(buffers);
    }

    @AfterEach
    void closeAllocators() {
        assertThat(worker.getAllocatedMemory()).as("task memory left behind").isZero();
        sink.close();
        worker.close();
        buffers.close();
    }

    private List<List<Object>> sales(int from, int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(row(i % 10 == 9 ? null : i % 10, i % 100, new BigDecimal(i % 1000).movePointLeft(2), "note " + i));
        }
        return rows;
    }

    private Map<Integer, List<InputSplit>> writeTable(int files, int rowsPerFile) throws Exception {
        List<InputSplit> splits = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path path = directory.resolve("sales-" + f + ".arrow");
            TableFiles.write(allocator, path, NAMES, TYPES, sales(f * rowsPerFile, rowsPerFile), 4096);
            splits.add(new FileSplit(path.toString(), rowsPerFile));
        }
        return Map.of(0, splits);
    }

    private static TableScanNode scan() {
        return new TableScanNode(0, "sales", List.of("store", "price", "item"), types(INT, DEC, INT));
    }

    /** scan -> filter(item < 50) -> aggregate by store: count(*), sum(price), max(item). */
    private static PlanNode aggregationFragment() {
        FilterNode filter = new FilterNode(scan(), call(ScalarFunction.LESS_THAN, BOOL, ref(2, INT), literal("50", INT)));
        return new AggregateNode(filter, List.of(0), List.of(
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.SUM, DataType.decimal(38, 2, true), 1),
                AggregateCall.of(AggregateFunction.MAX, INT, 2)), AggregateStep.SINGLE);
    }

    private static TaskDescriptor task(PlanNode fragment, Map<Integer, List<InputSplit>> inputs, OutputPartitioning output,
            long memoryLimit) {
        return new TaskDescriptor("q1", 2, 3, 0, fragment, inputs, output, memoryLimit);
    }

    @Test
    void scanFilterAggregateIntoHashPartitions() throws Exception {
        Map<Integer, List<InputSplit>> inputs = writeTable(2, 10_000);
        // The descriptor travels as JSON: run the decoded copy.
        TaskDescriptor original = task(aggregationFragment(), inputs, OutputPartitioning.hash(List.of(0), 3), 0);
        TaskDescriptor task = TaskCodec.decode(TaskCodec.encode(original), TaskDescriptor.class);
        TaskResult result = runner.run(task, "worker-1", worker, null, sink, () -> false);

        Map<Object, List<Object>> expected = new HashMap<>();
        for (List<Object> sale : sales(0, 20_000)) {
            if ((Integer) sale.get(1) < 50) {
                expected.merge(sale.get(0), row(1L, sale.get(2), sale.get(1)), (a, b) -> row((Long) a.get(0) + 1,
                        ((BigDecimal) a.get(1)).add((BigDecimal) b.get(1)), Math.max((Integer) a.get(2), (Integer) b.get(2))));
            }
        }
        Map<Object, List<Object>> actual = new HashMap<>();
        for (int partition = 0; partition < 3; partition++) {
            for (List<Object> row : sink.rows(partition)) {
                assertThat(actual.put(row.get(0), row.subList(1, 4))).isNull();
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(sink.opens()).isEqualTo(1);
        assertThat(sink.schema().getFields()).hasSize(4);
        assertThat(result.queryId()).isEqualTo("q1");
        assertThat(result.workerId()).isEqualTo("worker-1");
        assertThat(result.partitions()).extracting(PartitionStatistics::partition).containsExactly(0, 1, 2);
        assertThat(result.outputRows()).isEqualTo(expected.size());
        assertThat(result.inputRows()).isEqualTo(20_000);
        assertThat(result.inputBytes()).isPositive();
        assertThat(result.peakMemoryBytes()).isPositive();
        assertThat(result.wallNanos()).isPositive();
    }

    @Test
    void countStarOverAScanWithoutColumns() throws Exception {
        Map<Integer, List<InputSplit>> inputs = writeTable(2, 5000);
        AggregateNode count = new AggregateNode(new TableScanNode(0, "sales", List.of(), List.of()), List.of(),
                List.of(AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false))), AggregateStep.SINGLE);
        TaskResult result = runner.run(task(count, inputs, OutputPartitioning.single(), 0), "worker-1", worker, null, sink,
                () -> false);
        assertThat(sink.rows(0)).containsExactly(row(10_000L));
        assertThat(result.inputRows()).isEqualTo(10_000);
    }

    @Test
    void memoryLimitIsEnforced() throws Exception {
        Map<Integer, List<InputSplit>> inputs = writeTable(1, 30_000);
        SortNode sort = new SortNode(new TableScanNode(0, "sales", NAMES, TYPES), List.of(SortKey.ascending(3)));
        TaskDescriptor task = task(sort, inputs, OutputPartitioning.single(), 256 * 1024);
        assertThatThrownBy(() -> runner.run(task, "worker-1", worker, null, sink, () -> false))
                .isInstanceOf(MemoryLimitExceededException.class)
                .hasMessageStartingWith("memory limit exceeded")
                .hasMessageContaining("262144");
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void heapStateCountsTowardsTheLimit() {
        List<List<Literal>> rows = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            rows.add(List.of(Literal.of(i)));
        }
        AggregateNode aggregate = new AggregateNode(new ValuesNode(types(INT), rows), List.of(0),
                List.of(AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false))), AggregateStep.SINGLE);
        TaskDescriptor task = task(aggregate, Map.of(), OutputPartitioning.single(), 600 * 1024);
        assertThatThrownBy(() -> runner.run(task, "worker-1", worker, null, sink, () -> false))
                .isInstanceOf(MemoryLimitExceededException.class);
    }

    @Test
    void failureAfterOutputLeavesNoTaskMemory() throws Exception {
        Map<Integer, List<InputSplit>> inputs = writeTable(1, 50_000);
        // 1 / (item - 99) fails when item = 99, i.e. after rows were already output.
        ProjectNode project = new ProjectNode(new TableScanNode(0, "sales", NAMES, TYPES), List.of(ref(3, TEXT),
                call(ScalarFunction.DIVIDE, INT, literal("1", INT), call(ScalarFunction.SUBTRACT, INT, ref(1, INT),
                        literal("99", INT)))));
        FilterNode filter = new FilterNode(project, call(ScalarFunction.IS_NOT_NULL, BOOL, ref(1, INT)));
        TaskDescriptor task = task(filter, inputs, OutputPartitioning.hash(List.of(0), 2), 0);
        assertThatThrownBy(() -> runner.run(task, "worker-1", worker, null, sink, () -> false))
                .isInstanceOf(DataException.class).hasMessage("division by zero");
    }

    @Test
    void cancellationStopsTheTask() throws Exception {
        Map<Integer, List<InputSplit>> inputs = writeTable(1, 20_000);
        AtomicInteger polls = new AtomicInteger();
        TaskDescriptor task = task(new TableScanNode(0, "sales", NAMES, TYPES), inputs, OutputPartitioning.single(), 0);
        assertThatThrownBy(() -> runner.run(task, "worker-1", worker, null, sink, () -> polls.incrementAndGet() > 3))
                .isInstanceOf(TaskCancelledException.class).hasMessageStartingWith("cancelled");
    }

    @Test
    void unexpectedFailuresNameTheTask() {
        TaskDescriptor task = task(new TableScanNode(0, "sales", NAMES, TYPES),
                Map.of(0, List.of(new FileSplit(directory.resolve("missing.arrow").toString(), 1))), OutputPartitioning.single(), 0);
        assertThatThrownBy(() -> runner.run(task, "worker-1", worker, null, sink, () -> false))
                .isInstanceOf(TaskExecutionException.class).hasMessageContaining("task-q1-2-3")
                .hasMessageContaining("missing.arrow");
    }

    @Test
    void joinOfTwoExchangeSourcesWithBroadcastOutput() {
        List<DataType> orderTypes = types(INT, TEXT);
        List<DataType> lineTypes = types(INT, DEC);
        Map<String, List<List<Object>>> buffersById = Map.of(
                "q1/0/0/0", List.of(row(1, "one"), row(2, "two"), row(3, "three")),
                "q1/1/0/0", List.of(row(1, decimal("1.00")), row(1, decimal("2.00")), row(3, decimal("5.00")), row(4, null)));
        Map<String, List<DataType>> typesById = Map.of("q1/0/0/0", orderTypes, "q1/1/0/0", lineTypes);
        SplitReader reader = split -> new BatchStream() {
            boolean done;

            @Override
            public VectorSchemaRoot next(BufferAllocator target) {
                if (done) {
                    return null;
                }
                done = true;
                String id = split.bufferId().toTicketText();
                return TestData.batch(target, typesById.get(id), buffersById.get(id));
            }

            @Override
            public boolean sharedWithoutCopy() {
                return split.workerId().equals("worker-1");
            }

            @Override
            public void close() {
            }
        };
        HashJoinNode join = new HashJoinNode(new ExchangeSourceNode(0, orderTypes), new ExchangeSourceNode(1, lineTypes),
                JoinType.LEFT, List.of(0), List.of(0), null, JoinSide.RIGHT);
        AggregateNode aggregate = new AggregateNode(join, List.of(1), List.of(
                AggregateCall.of(AggregateFunction.SUM, DataType.decimal(38, 2, true), 3)), AggregateStep.SINGLE);
        SortNode sort = new SortNode(aggregate, List.of(SortKey.ascending(0)));
        Map<Integer, List<InputSplit>> inputs = Map.of(
                0, List.of(new BufferSplit("worker-1", "here:1", new BufferId("q1", 0, 0, 0))),
                1, List.of(new BufferSplit("worker-2", "there:1", new BufferId("q1", 1, 0, 0))));
        TaskResult result = runner.run(task(sort, inputs, OutputPartitioning.broadcast(), 0), "worker-1", worker, reader, sink,
                () -> false);
        assertThat(sink.rows(0)).containsExactly(row("one", decimal("3.00")), row("three", decimal("5.00")), row("two", null));
        assertThat(result.bytesSharedLocally()).isPositive();
        assertThat(result.bytesFetchedRemotely()).isPositive();
        assertThat(result.inputRows()).isEqualTo(7);
    }
}
