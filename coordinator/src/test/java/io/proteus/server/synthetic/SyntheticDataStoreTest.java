package io.proteus.server.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.server.connector.SyntheticConnector;
import io.proteus.tpcds.TableData;
import io.proteus.tpcds.TablePartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic tables: names and sizes, partitioned deterministic generation, and the two key distributions. */
class SyntheticDataStoreTest {

    @TempDir
    Path dataDirectory;

    private BufferAllocator allocator;

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void namesGiveTheSizeInMegabytes() {
        assertThat(SyntheticTable.parse("mb_100").rows()).isEqualTo(3_276_800);
        assertThat(SyntheticTable.parse("MB_2_5")).isEqualTo(new SyntheticTable("mb_2_5", 81_920));
        assertThat(SyntheticTable.ofMegabytes(2.5).name()).isEqualTo("mb_2_5");
        assertThat(SyntheticTable.ofMegabytes(0.01).name()).isEqualTo("mb_0_01");
        assertThat(SyntheticTable.ofMegabytes(25).megabytes()).isEqualTo(25.0);
        assertThat(SyntheticTable.ofMegabytes(25).bytes()).isEqualTo(25L << 20);
        assertThatThrownBy(() -> SyntheticTable.parse("big")).hasMessageContaining("mb_100 or mb_2_5");
        assertThatThrownBy(() -> SyntheticTable.parse("mb_0")).hasMessageContaining("more than 0 MB");
    }

    @Test
    void tablesHaveTheirRowsInSeveralPartitionsAndTheirSize() {
        SyntheticDataStore store = new SyntheticDataStore(dataDirectory, allocator);
        SyntheticTable table = SyntheticTable.ofMegabytes(4);
        TableData data = store.table(KeyDistribution.UNIFORM, table);
        assertThat(data.rowCount()).isEqualTo(131_072);
        assertThat(data.partitions()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(data.partitions().stream().mapToLong(TablePartition::rowCount).min().orElseThrow())
                .isGreaterThan(131_072 / data.partitions().size() - 2);
        // Four 8-byte columns per row, plus the IPC framing.
        assertThat(data.byteSize()).isBetween(table.bytes(), table.bytes() + table.bytes() / 10);
        long[] ids = column(data, "id");
        assertThat(ids).hasSize(131_072);
        for (int row = 0; row < ids.length; row++) {
            assertThat(ids[row]).isEqualTo(row);
        }
        assertThat(Arrays.stream(column(data, "join_key")).allMatch(key -> key >= 0 && key < 131_072)).isTrue();
        assertThat(Arrays.stream(column(data, "quantity")).allMatch(quantity -> quantity >= 1 && quantity <= 100)).isTrue();
        assertThat(store.generatedTables(KeyDistribution.UNIFORM)).containsExactly("mb_4");
        assertThat(store.generatedTables(KeyDistribution.PARETO)).isEmpty();
    }

    @Test
    void generationIsDeterministicAndReusesTheFiles() throws IOException {
        SyntheticTable table = SyntheticTable.ofMegabytes(1);
        SyntheticDataStore first = new SyntheticDataStore(dataDirectory.resolve("first"), allocator);
        SyntheticDataStore second = new SyntheticDataStore(dataDirectory.resolve("second"), allocator);
        TableData one = first.table(KeyDistribution.PARETO, table);
        TableData other = second.table(KeyDistribution.PARETO, table);
        assertThat(column(one, "join_key")).isEqualTo(column(other, "join_key"));
        assertThat(column(one, "amount_cents")).isEqualTo(column(other, "amount_cents"));
        assertThat(column(one, "join_key")).isNotEqualTo(column(first.table(KeyDistribution.UNIFORM, table), "join_key"));

        // A new store over the same directory finds the files instead of writing them again.
        long modified = Files.getLastModifiedTime(one.partitions().getFirst().file()).toMillis();
        TableData reused = new SyntheticDataStore(dataDirectory.resolve("first"), allocator).table(KeyDistribution.PARETO, table);
        assertThat(reused).isEqualTo(one);
        assertThat(Files.getLastModifiedTime(reused.partitions().getFirst().file()).toMillis()).isEqualTo(modified);
    }

    @Test
    void paretoKeysAreSkewedAndUniformKeysAreNot() {
        // 200 draws per key: the uniform counts differ by sampling noise only.
        long domain = 1_000;
        assertThat(topFifthShare(KeyDistribution.PARETO, domain)).isGreaterThan(0.8);
        assertThat(topFifthShare(KeyDistribution.UNIFORM, domain)).isBetween(0.2, 0.25);
        SyntheticDataStore store = new SyntheticDataStore(dataDirectory, allocator);
        long[] stored = column(store.table(KeyDistribution.PARETO, SyntheticTable.ofMegabytes(1)), "join_key");
        assertThat(topFifthShare(stored, 32_768)).isGreaterThan(0.8);
        // The most frequent key alone holds about 1 - 2^-1.16 = 55% of the rows.
        assertThat(Arrays.stream(stored).filter(key -> key == 0).count() / (double) stored.length).isBetween(0.5, 0.6);
    }

    @Test
    void connectorListsStandardAndDeclaredTables() {
        SyntheticConnector connector = new SyntheticConnector(new SyntheticDataStore(dataDirectory, allocator));
        assertThat(connector.schemaNames()).containsExactly("uniform", "pareto");
        assertThat(connector.tables("uniform")).extracting(table -> table.name())
                .contains("mb_100", "mb_2_5", "mb_25").doesNotContain("mb_0_5");
        connector.declare(KeyDistribution.UNIFORM, SyntheticTable.ofMegabytes(0.5));
        assertThat(connector.tables("uniform")).extracting(table -> table.name()).contains("mb_0_5");
        assertThat(connector.tables("pareto")).extracting(table -> table.name()).doesNotContain("mb_0_5");
        assertThat(connector.table("uniform", "MB_0_5").orElseThrow().estimatedRowCount()).isEqualTo(16_384);
        assertThat(connector.splits("pareto", "mb_0_5")).hasSize(1);
        assertThatThrownBy(() -> connector.tables("zipf")).hasMessageContaining("uniform, pareto");
    }

    private static double topFifthShare(KeyDistribution distribution, long domain) {
        SplittableRandom random = new SplittableRandom(42);
        long[] keys = new long[200_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = distribution.sample(random, domain);
        }
        return topFifthShare(keys, domain);
    }

    /** The share of the rows held by the most frequent 20% of the keys. */
    private static double topFifthShare(long[] keys, long domain) {
        long[] counts = new long[(int) domain];
        for (long key : keys) {
            counts[(int) key]++;
        }
        long[] sorted = Arrays.stream(counts).sorted().toArray();
        long top = 0;
        for (int i = sorted.length - 1; i >= sorted.length - domain / 5; i--) {
            top += sorted[i];
        }
        return (double) top / keys.length;
    }

    private long[] column(TableData data, String name) {
        List<Long> values = new ArrayList<>();
        for (TablePartition partition : data.partitions()) {
            try (FileChannel channel = FileChannel.open(partition.file(), StandardOpenOption.READ);
                    ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                while (reader.loadNextBatch()) {
                    BigIntVector vector = (BigIntVector) root.getVector(name);
                    for (int row = 0; row < root.getRowCount(); row++) {
                        values.add(vector.get(row));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
