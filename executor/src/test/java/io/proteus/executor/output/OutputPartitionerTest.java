package io.proteus.executor.output;

import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.testing.RecordingSink;
import io.proteus.executor.testing.TestData;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class OutputPartitionerTest extends ArrowTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType TEXT = DataType.varchar(true);

    @Test
    void hashPartitioningPutsEqualKeysInOnePartition() {
        List<DataType> types = types(INT, TEXT);
        try (RecordingSink sink = new RecordingSink(allocator)) {
            try (OutputPartitioner partitioner = new OutputPartitioner(OutputPartitioning.hash(List.of(0, 1), 4),
                    Vectors.schema(types, null), sink)) {
                partitioner.open();
                for (int batch = 0; batch < 500; batch++) {
                    List<List<Object>> rows = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        int value = (batch * 20 + i) % 97;
                        rows.add(row(value % 10 == 0 ? null : value, "k" + value % 3));
                    }
                    try (VectorSchemaRoot root = TestData.batch(allocator, types, rows)) {
                        partitioner.add(root);
                    }
                }
                partitioner.finish();
                List<PartitionStatistics> statistics = partitioner.statistics();
                assertThat(statistics.stream().mapToLong(PartitionStatistics::rows).sum()).isEqualTo(10_000);
                assertThat(statistics).allMatch(s -> s.batches() <= 1 && s.bytes() > 0);
            }
            assertThat(sink.opens()).isEqualTo(1);
            assertThat(sink.partitionCount()).isEqualTo(4);
            Map<List<Object>, Integer> partitionOfKey = new HashMap<>();
            for (int partition = 0; partition < 4; partition++) {
                for (List<Object> row : sink.rows(partition)) {
                    Integer previous = partitionOfKey.put(row, partition);
                    assertThat(previous == null || previous == partition).as("key %s in two partitions", row).isTrue();
                }
            }
            assertThat(partitionOfKey).hasSize(90);
            assertThat(new java.util.HashSet<>(partitionOfKey.values())).hasSizeGreaterThan(1);
        }
    }

    @Test
    void singleOutputAccumulatesSmallBatchesAndSplitsLargeOnes() {
        List<DataType> types = types(INT);
        try (RecordingSink sink = new RecordingSink(allocator)) {
            try (OutputPartitioner partitioner = new OutputPartitioner(OutputPartitioning.single(),
                    Vectors.schema(types, null), sink)) {
                partitioner.open();
                for (int batch = 0; batch < 100; batch++) {
                    try (VectorSchemaRoot root = TestData.batch(allocator, types, List.of(row(batch), row(batch)))) {
                        partitioner.add(root);
                    }
                }
                List<List<Object>> many = new ArrayList<>();
                for (int i = 0; i < 70_000; i++) {
                    many.add(row(i));
                }
                try (VectorSchemaRoot root = TestData.batch(allocator, types, many)) {
                    partitioner.add(root);
                }
                partitioner.finish();
                assertThat(partitioner.statistics().getFirst().rows()).isEqualTo(70_200);
            }
            assertThat(sink.batches()).hasSize(3);
            assertThat(sink.batches()).allMatch(b -> b.getLength() <= OutputPartitioner.FLUSH_ROWS);
            List<List<Object>> rows = sink.rows(0);
            assertThat(rows.getFirst()).isEqualTo(row(0));
            assertThat(rows.get(200)).isEqualTo(row(0));
            assertThat(rows.getLast()).isEqualTo(row(69_999));
        }
    }

    @Test
    void hashFunctionIsStableAndWidthIndependent() {
        // Golden values: changing them breaks the agreement between workers of different versions.
        assertThat(RowHashing.hashLong(0)).isZero();
        assertThat(RowHashing.hashLong(1)).isEqualTo(0xb456bcfc34c2cb2cL);
        byte[] text = "proteus".getBytes(StandardCharsets.UTF_8);
        assertThat(RowHashing.hashBytes(text, 0, text.length)).isEqualTo(RowHashing.hashBytes(("x" + "proteus")
                .getBytes(StandardCharsets.UTF_8), 1, 8));
        assertThat(RowHashing.hashDecimal(BigInteger.valueOf(42))).isEqualTo(RowHashing.hashLong(42));
        assertThat(RowHashing.hashDouble(-0.0)).isEqualTo(RowHashing.hashDouble(0.0));
        try (VectorSchemaRoot ints = TestData.batch(allocator, types(INT), List.of(row(5), row((Object) null)));
                VectorSchemaRoot longs = TestData.batch(allocator, types(DataType.bigint(true)), List.of(row(5L),
                        row((Object) null)))) {
            assertThat(RowHashing.hashRows(ints.getFieldVectors(), 2)).isEqualTo(RowHashing.hashRows(longs.getFieldVectors(), 2));
        }
    }
}
