package io.proteus.executor.benchmark;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.literal;
import static io.proteus.executor.testing.ExpressionTester.ref;

import io.proteus.executor.TaskRunner;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateFunction;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.plan.FilterNode;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.ProjectNode;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.plan.TableScanNode;
import io.proteus.executor.plan.TopNNode;
import io.proteus.executor.task.FileSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.executor.testing.RecordingSink;
import io.proteus.executor.testing.TableFiles;
import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A manual benchmark (not run by the build): TPC-DS-like star-join and aggregation fragments over generated
 * store_sales / item / date_dim tables at roughly SF1 sizes. Run with the test classpath:
 * {@code java -cp ... io.proteus.executor.benchmark.PipelineBenchmark [directory]}.
 */
public final class PipelineBenchmark {

    private static final DataType INT = DataType.integer(true);
    private static final DataType BOOL = DataType.bool(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);
    private static final DataType TEXT = DataType.varchar(true);

    private static final Map<String, Long> BEST = new java.util.TreeMap<>();

    private PipelineBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        Path directory = arguments.length > 0 ? Path.of(arguments[0]) : Files.createTempDirectory("proteus-benchmark");
        int salesRows = 2_880_000;
        try (BufferAllocator root = new RootAllocator()) {
            List<InputSplit> sales = new ArrayList<>();
            if (!Files.exists(directory.resolve("sales-0.arrow"))) {
                generate(root, directory, salesRows);
            }
            for (int part = 0; part < 4; part++) {
                sales.add(new FileSplit(directory.resolve("sales-" + part + ".arrow").toString(), salesRows / 4));
            }
            List<InputSplit> items = List.of(new FileSplit(directory.resolve("item.arrow").toString(), 18_000));
            List<InputSplit> dates = List.of(new FileSplit(directory.resolve("date.arrow").toString(), 73_049));
            Map<Integer, List<InputSplit>> inputs = Map.of(0, sales, 1, items, 2, dates);
            for (int round = 0; round < Integer.getInteger("benchmark.rounds", 6); round++) {
                run(root, "scan+filter+agg", scanFilterAggregate(), inputs);
                run(root, "star join q3", starJoin(), inputs);
                run(root, "high-card agg", highCardinality(), inputs);
                run(root, "topN", topN(), inputs);
            }
        }
    }

    private static void run(BufferAllocator root, String name, PlanNode fragment, Map<Integer, List<InputSplit>> inputs) {
        String only = System.getProperty("benchmark.only");
        if (only != null && !name.startsWith(only)) {
            return;
        }
        try (BufferAllocator worker = root.newChildAllocator("worker", 0, Long.MAX_VALUE);
                BufferAllocator buffers = root.newChildAllocator("buffers", 0, Long.MAX_VALUE);
                RecordingSink sink = new RecordingSink(buffers)) {
            long start = System.nanoTime();
            TaskResult result = new TaskRunner().run(new TaskDescriptor("bench", 0, 0, 0, fragment, inputs,
                    OutputPartitioning.hash(List.of(0), 4), 0), "w", worker, null, sink, () -> false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            BEST.merge(name, millis, Math::min);
            System.out.printf("%-18s %6d ms (best %d)  in=%d rows out=%d rows peak=%d MB%n", name, millis, BEST.get(name),
                    result.inputRows(), result.outputRows(), result.peakMemoryBytes() >> 20);
        }
    }

    private static TableScanNode sales() {
        return new TableScanNode(0, "store_sales", List.of("ss_sold_date_sk", "ss_item_sk", "ss_customer_sk",
                "ss_quantity", "ss_ext_sales_price", "ss_net_profit"), List.of(INT, INT, INT, INT, DEC, DEC));
    }

    /** select ss_quantity, count(*), sum(ss_ext_sales_price), avg(ss_net_profit) where ss_quantity between 10 and 50. */
    private static PlanNode scanFilterAggregate() {
        FilterNode filter = new FilterNode(sales(), call(ScalarFunction.BETWEEN, BOOL, ref(3, INT), literal("10", INT),
                literal("50", INT)));
        return new AggregateNode(filter, List.of(3), List.of(
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false)),
                AggregateCall.of(AggregateFunction.SUM, DataType.decimal(38, 2, true), 4),
                AggregateCall.of(AggregateFunction.AVG, DataType.decimal(11, 6, true), 5)), AggregateStep.SINGLE);
    }

    /** TPC-DS Q3 shape: sales join date_dim (d_moy = 11) join item (i_manufact_id = 128), group by year, brand. */
    private static PlanNode starJoin() {
        TableScanNode dates = new TableScanNode(2, "date_dim", List.of("d_date_sk", "d_year", "d_moy"), List.of(INT, INT, INT));
        FilterNode novemberDates = new FilterNode(dates, call(ScalarFunction.EQUAL, BOOL, ref(2, INT), literal("11", INT)));
        TableScanNode items = new TableScanNode(1, "item", List.of("i_item_sk", "i_brand", "i_manufact_id"),
                List.of(INT, TEXT, INT));
        FilterNode manufacturer = new FilterNode(items, call(ScalarFunction.LESS_THAN, BOOL, ref(2, INT), literal("300", INT)));
        HashJoinNode withDates = new HashJoinNode(sales(), novemberDates, JoinType.INNER, List.of(0), List.of(0), null,
                JoinSide.RIGHT);
        // columns: 0..5 sales, 6 d_date_sk, 7 d_year, 8 d_moy
        HashJoinNode withItems = new HashJoinNode(withDates, manufacturer, JoinType.INNER, List.of(1), List.of(0), null,
                JoinSide.RIGHT);
        // 9 i_item_sk, 10 i_brand, 11 i_manufact_id
        ProjectNode project = new ProjectNode(withItems, List.of(ref(7, INT), ref(10, TEXT), ref(4, DEC)));
        return new AggregateNode(project, List.of(0, 1), List.of(
                AggregateCall.of(AggregateFunction.SUM, DataType.decimal(38, 2, true), 2)), AggregateStep.SINGLE);
    }

    /** Group by customer: many groups. */
    private static PlanNode highCardinality() {
        return new AggregateNode(sales(), List.of(2), List.of(
                AggregateCall.of(AggregateFunction.SUM, DataType.decimal(38, 2, true), 5),
                AggregateCall.of(AggregateFunction.COUNT_STAR, DataType.bigint(false))), AggregateStep.PARTIAL);
    }

    private static PlanNode topN() {
        ProjectNode project = new ProjectNode(sales(), List.of(ref(2, INT), call(ScalarFunction.MULTIPLY,
                DataType.decimal(15, 2, true), ref(4, DEC), ref(3, INT))));
        return new TopNNode(project, List.of(new SortKey(1, true, false), SortKey.ascending(0)), 100);
    }

    private static void generate(BufferAllocator allocator, Path directory, int salesRows) throws Exception {
        Random random = new Random(42);
        int parts = 4;
        for (int part = 0; part < parts; part++) {
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < salesRows / parts; i++) {
                rows.add(java.util.Arrays.asList(
                        random.nextInt(20) == 0 ? null : 2450816 + random.nextInt(1823),
                        1 + random.nextInt(18_000),
                        random.nextInt(30) == 0 ? null : 1 + random.nextInt(100_000),
                        1 + random.nextInt(100),
                        new BigDecimal(random.nextInt(2_000_000)).movePointLeft(2),
                        new BigDecimal(random.nextInt(1_000_000) - 500_000).movePointLeft(2)));
            }
            TableFiles.write(allocator, directory.resolve("sales-" + part + ".arrow"), List.of("ss_sold_date_sk", "ss_item_sk",
                    "ss_customer_sk", "ss_quantity", "ss_ext_sales_price", "ss_net_profit"),
                    List.of(INT, INT, INT, INT, DEC, DEC), rows, 65_536);
        }
        List<List<Object>> items = new ArrayList<>();
        for (int i = 1; i <= 18_000; i++) {
            items.add(java.util.Arrays.asList(i, "brand #" + (i % 500), i % 1000));
        }
        TableFiles.write(allocator, directory.resolve("item.arrow"), List.of("i_item_sk", "i_brand", "i_manufact_id"),
                List.of(INT, TEXT, INT), items, 65_536);
        List<List<Object>> dates = new ArrayList<>();
        for (int i = 0; i < 73_049; i++) {
            java.time.LocalDate day = java.time.LocalDate.of(1900, 1, 2).plusDays(i);
            dates.add(java.util.Arrays.asList(2415022 + i, day.getYear(), day.getMonthValue()));
        }
        TableFiles.write(allocator, directory.resolve("date.arrow"), List.of("d_date_sk", "d_year", "d_moy"),
                List.of(INT, INT, INT), dates, 65_536);
    }
}
