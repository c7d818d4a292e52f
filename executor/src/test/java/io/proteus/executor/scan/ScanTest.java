package io.proteus.executor.scan;

import static io.proteus.executor.testing.TestData.date;
import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.TaskCancelledException;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.operator.TaskContext;
import io.proteus.executor.plan.ExchangeSourceNode;
import io.proteus.executor.plan.TableScanNode;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.FileSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.testing.TableFiles;
import io.proteus.executor.testing.TestData;
import io.proteus.executor.type.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanTest extends OperatorTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType BIGINT = DataType.bigint(true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);
    private static final DataType DATE = DataType.date(true);

    @TempDir
    Path directory;

    private static List<List<Object>> tableRows(int from, int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(row(i, i % 5 == 0 ? null : "name" + i, new java.math.BigDecimal(i).movePointLeft(2),
                    date("2000-01-01").plusDays(i)));
        }
        return rows;
    }

    @Test
    void scansSelectedColumnsOfSeveralFilesInOrder() throws Exception {
        List<String> names = List.of("id", "name", "price", "day");
        List<DataType> fileTypes = types(INT, TEXT, DEC, DATE);
        Path first = directory.resolve("part-0.arrow");
        Path second = directory.resolve("part-1.arrow");
        TableFiles.write(allocator, first, names, fileTypes, tableRows(0, 1000), 300);
        TableFiles.write(allocator, second, names, fileTypes, tableRows(1000, 10), 300);
        TableScanNode node = new TableScanNode(7, "items", List.of("day", "ID", "price"), types(DATE, BIGINT, DEC));
        TaskContext task = task(Map.of(7, List.<InputSplit>of(new FileSplit(first.toString(), 1000),
                new FileSplit(second.toUri().toString(), 10))), null);
        try (TableScanOperator scan = new TableScanOperator(context(task), node)) {
            List<List<Object>> rows = drain(scan);
            assertThat(rows).hasSize(1010);
            assertThat(rows.get(3)).isEqualTo(row(date("2000-01-04"), 3L, decimal("0.03")));
            assertThat(rows.get(1009)).isEqualTo(row(date("2000-01-01").plusDays(1009), 1009L, decimal("10.09")));
        }
        assertThat(task.inputRows()).isEqualTo(1010);
        assertThat(task.inputBytes()).isPositive();
    }

    @Test
    void filesWithNestedColumnsAreReadWhole() throws Exception {
        Path file = directory.resolve("nested.arrow");
        org.apache.arrow.vector.types.pojo.Field list = new org.apache.arrow.vector.types.pojo.Field("tags",
                org.apache.arrow.vector.types.pojo.FieldType.nullable(new org.apache.arrow.vector.types.pojo.ArrowType.List()),
                List.of(INT.toField("item")));
        org.apache.arrow.vector.types.pojo.Schema fileSchema = new org.apache.arrow.vector.types.pojo.Schema(
                List.of(INT.toField("id"), list, TEXT.toField("name")));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(fileSchema, allocator);
                java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                org.apache.arrow.vector.ipc.ArrowFileWriter writer = new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null,
                        channel)) {
            writer.start();
            for (int batch = 0; batch < 2; batch++) {
                root.allocateNew();
                org.apache.arrow.vector.IntVector ids = (org.apache.arrow.vector.IntVector) root.getVector(0);
                org.apache.arrow.vector.VarCharVector names = (org.apache.arrow.vector.VarCharVector) root.getVector(2);
                for (int i = 0; i < 3; i++) {
                    ids.setSafe(i, batch * 3 + i);
                    names.setSafe(i, ("n" + (batch * 3 + i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    root.getVector(1).setNull(i);
                }
                root.setRowCount(3);
                writer.writeBatch();
            }
            writer.end();
        }
        TableScanNode node = new TableScanNode(1, "t", List.of("name", "id"), types(TEXT, INT));
        try (TableScanOperator scan = new TableScanOperator(context(task(Map.of(1, List.of(new FileSplit(file.toString(), 6))),
                null)), node)) {
            assertThat(drain(scan)).containsExactly(row("n0", 0), row("n1", 1), row("n2", 2), row("n3", 3), row("n4", 4),
                    row("n5", 5));
        }
    }

    @Test
    void missingColumnAndNoSplits() throws Exception {
        Path file = directory.resolve("part.arrow");
        TableFiles.write(allocator, file, List.of("a"), types(INT), List.of(row(1)), 10);
        TableScanNode node = new TableScanNode(1, "t", List.of("b"), types(INT));
        try (TableScanOperator scan = new TableScanOperator(context(task(Map.of(1, List.of(new FileSplit(file.toString(), 1))),
                null)), node)) {
            assertThatThrownBy(() -> drain(scan)).hasMessageContaining("has no column b");
        }
        try (TableScanOperator scan = new TableScanOperator(context(), node)) {
            assertThat(drain(scan)).isEmpty();
        }
    }

    @Test
    void scanChecksCancellation() throws Exception {
        Path file = directory.resolve("part.arrow");
        TableFiles.write(allocator, file, List.of("a"), types(INT), tableRows(0, 10).stream().map(r -> r.subList(0, 1)).toList(),
                2);
        AtomicBoolean cancelled = new AtomicBoolean();
        TaskContext task = new TaskContext("t", "w", Map.of(1, List.of(new FileSplit(file.toString(), 10))), null,
                cancelled::get);
        try (TableScanOperator scan = new TableScanOperator(context(task),
                new TableScanNode(1, "t", List.of("a"), types(INT)))) {
            scan.next().close();
            cancelled.set(true);
            assertThatThrownBy(scan::next).isInstanceOf(TaskCancelledException.class).hasMessageStartingWith("cancelled");
        }
    }

    /** Serves buffers from lists of rows, recording which splits were opened. */
    private static final class FakeExchange {
        final List<String> opened = new ArrayList<>();
        final Map<String, List<List<List<Object>>>> buffers;
        final List<DataType> types;

        FakeExchange(List<DataType> types, Map<String, List<List<List<Object>>>> buffers) {
            this.types = types;
            this.buffers = buffers;
        }

        BatchStream open(BufferSplit split) {
            opened.add(split.bufferId().toTicketText());
            List<List<List<Object>>> batches = buffers.get(split.bufferId().toTicketText());
            return new BatchStream() {
                int position;

                @Override
                public VectorSchemaRoot next(BufferAllocator target) {
                    return position < batches.size() ? TestData.batch(target, types, batches.get(position++)) : null;
                }

                @Override
                public boolean sharedWithoutCopy() {
                    // The task runs on worker-1: its own buffers are shared, the others fetched.
                    return split.workerId().equals("worker-1");
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void exchangeSourceReadsSplitsInOrderAndConverts() {
        FakeExchange exchange = new FakeExchange(types(INT, TEXT), Map.of(
                "q/1/0/0", List.of(List.of(row(1, "a")), List.of(), List.of(row(2, "b"), row(null, null))),
                "q/1/1/0", List.of(List.of(row(3, "c")))));
        BufferSplit local = new BufferSplit("worker-1", "localhost:1", new BufferId("q", 1, 1, 0));
        BufferSplit remote = new BufferSplit("worker-2", "otherhost:1", new BufferId("q", 1, 0, 0));
        TaskContext task = task(Map.of(3, List.<InputSplit>of(local, remote)), exchange::open);
        OperatorContext context = context(task);
        // Declared BIGINT for an INTEGER buffer column: converted.
        try (ExchangeSourceOperator source = new ExchangeSourceOperator(context,
                new ExchangeSourceNode(3, types(BIGINT, TEXT)))) {
            assertThat(drain(source)).containsExactly(row(3L, "c"), row(1L, "a"), row(2L, "b"), row(null, null));
        }
        assertThat(exchange.opened).containsExactly("q/1/1/0", "q/1/0/0");
        assertThat(task.inputRows()).isEqualTo(4);
        assertThat(task.bytesSharedLocally()).isPositive();
        assertThat(task.bytesFetchedRemotely()).isPositive();
    }
}
