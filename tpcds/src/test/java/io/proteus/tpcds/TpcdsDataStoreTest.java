package io.proteus.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trino.tpcds.Results;
import io.trino.tpcds.Session;
import io.trino.tpcds.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpcdsDataStoreTest {

    @TempDir
    Path dataDirectory;

    private BufferAllocator allocator;
    private TpcdsDataStore store;

    @BeforeEach
    void createStore() {
        allocator = new RootAllocator();
        store = new TpcdsDataStore(dataDirectory, allocator, 2);
    }

    @AfterEach
    void closeStore() {
        store.close();
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }

    @Test
    void scaleFactorOneRowCounts() {
        assertThat(store.table("sf1", "call_center").rowCount()).isEqualTo(6);
        assertThat(store.table("sf1", "store").rowCount()).isEqualTo(12);
        assertThat(store.table("sf1", "item").rowCount()).isEqualTo(18_000);
        assertThat(store.table("sf1", "date_dim").rowCount()).isEqualTo(73_049);
        assertThat(store.table("sf1", "customer").rowCount()).isEqualTo(100_000);
        assertThat(store.table("sf1", "reason").rowCount()).isEqualTo(75);
    }

    @Test
    void tinyRowCounts() {
        assertThat(store.table("tiny", "customer").rowCount()).isEqualTo(1_000);
        assertThat(store.table("tiny", "item").rowCount()).isEqualTo(2_000);
        assertThat(store.table("tiny", "store_sales").rowCount()).isEqualTo(120_527);
        assertThat(store.table("tiny", "store_returns").rowCount()).isEqualTo(11_925);
        assertThat(store.table("tiny", "web_sales").rowCount()).isEqualTo(11_876);
        assertThat(store.table("tiny", "catalog_sales").rowCount()).isEqualTo(89_807);
    }

    @Test
    void filesAreLaidOutAsDocumented() throws IOException {
        TableData inventory = store.table("tiny", "inventory");
        assertThat(inventory.schema()).isEqualTo("tiny");
        assertThat(inventory.table()).isEqualTo("inventory");
        assertThat(inventory.rowCount()).isEqualTo(261_261);
        assertThat(inventory.partitions()).hasSize(4);
        Path directory = dataDirectory.toAbsolutePath().resolve("tpcds/tiny/inventory");
        assertThat(store.tableDirectory("tiny", "inventory")).isEqualTo(directory);
        for (TablePartition partition : inventory.partitions()) {
            assertThat(partition.file())
                    .isEqualTo(directory.resolve(String.format("part-%05d.arrow", partition.index())));
            assertThat(partition.byteSize()).isEqualTo(Files.size(partition.file()));
            ArrowFiles.FileContents contents = ArrowFiles.read(partition.file(), allocator, root -> {});
            assertThat(contents.schema()).isEqualTo(inventory.arrowSchema());
            assertThat(contents.batchRowCounts().stream().mapToLong(Integer::longValue).sum())
                    .isEqualTo(partition.rowCount());
        }
        assertThat(inventory.partitions()).extracting(TablePartition::index).containsExactly(0, 1, 2, 3);
        assertThat(directory.resolve(TpcdsDataStore.MANIFEST_FILE_NAME)).isRegularFile();
        try (Stream<Path> schemaEntries = Files.list(directory.getParent())) {
            assertThat(schemaEntries.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.contains(".tmp-"));
        }
    }

    @Test
    void batchesHoldAtMostSixtyFourThousandRows() throws IOException {
        TableData customer = store.table("sf1", "customer");
        assertThat(customer.partitions()).hasSize(1);
        ArrowFiles.FileContents contents =
                ArrowFiles.read(customer.partitions().getFirst().file(), allocator, root -> {});
        assertThat(contents.batchRowCounts()).containsExactly(65_536, 100_000 - 65_536);
    }

    @Test
    void knownDateRow() throws IOException {
        TableData dateDimension = store.table("sf1", "date_dim");
        List<List<String>> matches = new ArrayList<>();
        ArrowFiles.readRows(dateDimension, allocator, row -> {
            if (row.getFirst().equals("2415022")) {
                matches.add(row);
            }
        });
        assertThat(matches).hasSize(1);
        List<String> row = matches.getFirst();
        assertThat(row.subList(0, 3)).containsExactly("2415022", "AAAAAAAAOKJNECAA", "1900-01-02");
        assertThat(row.get(14)).isEqualTo("Monday");

        List<Integer> firstDates = new ArrayList<>();
        ArrowFiles.read(dateDimension.partitions().getFirst().file(), allocator, root -> {
            DateDayVector dates = (DateDayVector) root.getVector("d_date");
            firstDates.add(dates.get(0));
        });
        assertThat(firstDates.getFirst()).isEqualTo((int) LocalDate.of(1900, 1, 2).toEpochDay());
    }

    @Test
    void decimalsAndNullsAreStoredExactly() throws IOException {
        TableData storeSales = store.table("tiny", "store_sales");
        AtomicLong nullCustomers = new AtomicLong();
        AtomicLong negativeProfits = new AtomicLong();
        List<String> firstRow = new ArrayList<>();
        for (TablePartition partition : storeSales.partitions()) {
            ArrowFiles.read(partition.file(), allocator, root -> {
                if (firstRow.isEmpty()) {
                    firstRow.addAll(ArrowFiles.row(root, 0));
                }
                nullCustomers.addAndGet(root.getVector("ss_customer_sk").getNullCount());
                assertThat(root.getVector("ss_item_sk").getNullCount()).isZero();
                assertThat(root.getVector("ss_ticket_number").getNullCount()).isZero();
                DecimalVector profits = (DecimalVector) root.getVector("ss_net_profit");
                assertThat(profits.getScale()).isEqualTo(2);
                for (int row = 0; row < root.getRowCount(); row++) {
                    if (!profits.isNull(row) && profits.getObject(row).signum() < 0) {
                        negativeProfits.incrementAndGet();
                    }
                }
            });
        }
        assertThat(nullCustomers.get()).isPositive();
        assertThat(negativeProfits.get()).isPositive();

        Session session = Session.getDefaultSession().withScale(0.01).withTable(Table.STORE_SALES);
        List<String> expected = Results.constructResults(Table.STORE_SALES, session).iterator().next().getFirst();
        List<Field> fields = storeSales.arrowSchema().getFields();
        for (int column = 0; column < fields.size(); column++) {
            assertThat(firstRow.get(column))
                    .as(fields.get(column).getName())
                    .isEqualTo(ArrowFiles.normalize(fields.get(column), expected.get(column)));
        }
    }

    /** Every value of every table at scale 0.01 equals what one sequential pass of the generator produces. */
    @Test
    void everyTinyTableMatchesTheGenerator() throws IOException {
        List<TableData> all = store.generateAll("tiny");
        assertThat(all).hasSize(24);
        assertThat(all).extracting(TableData::table)
                .containsExactlyElementsOf(TpcdsCatalog.tables().stream().map(TpcdsTable::name).toList());
        for (TableData table : all) {
            TpcdsTable definition = TpcdsCatalog.table(table.table());
            assertThat(table.partitions()).hasSize(TpcdsDataStore.partitionCount(
                    definition.estimatedRowCount(TpcdsCatalog.scaleFactor("tiny"))));
            Table generatorTable = definition.generatorTable();
            Session session = Session.getDefaultSession().withScale(0.01).withTable(generatorTable);
            Iterator<List<List<String>>> expected = Results.constructResults(generatorTable, session).iterator();
            List<Field> fields = table.arrowSchema().getFields();
            AtomicLong rows = new AtomicLong();
            ArrowFiles.readRows(table, allocator, actual -> {
                assertThat(expected.hasNext()).as("%s has more rows than the generator", table.table()).isTrue();
                List<String> generated = expected.next().getFirst();
                for (int column = 0; column < fields.size(); column++) {
                    String want = ArrowFiles.normalize(fields.get(column), generated.get(column));
                    if (!java.util.Objects.equals(want, actual.get(column))) {
                        assertThat(actual.get(column))
                                .as("%s row %d column %s", table.table(), rows.get(), fields.get(column).getName())
                                .isEqualTo(want);
                    }
                }
                rows.incrementAndGet();
            });
            assertThat(expected.hasNext()).as("%s has fewer rows than the generator", table.table()).isFalse();
            assertThat(rows.get()).isEqualTo(table.rowCount());
            assertThat(store.generatedTable("tiny", table.table())).contains(table);
        }
    }

    @Test
    void generatedTablesAreReused() throws IOException {
        assertThat(store.generatedTable("tiny", "item")).isEmpty();
        TableData first = store.table("tiny", "item");
        Path file = first.partitions().getFirst().file();
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, written);
        Object fileIdentity = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        assertThat(store.table("tiny", "item")).isEqualTo(first);
        try (TpcdsDataStore another = new TpcdsDataStore(dataDirectory, allocator, 1)) {
            assertThat(another.generatedTable("TINY", "ITEM")).contains(first);
            assertThat(another.table("tiny", "item")).isEqualTo(first);
        }
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
        assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(fileIdentity);
    }

    @Test
    void concurrentCallersShareOneGeneration() throws Exception {
        int callers = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<TableData>> requests = new ArrayList<>();
        for (int caller = 0; caller < callers; caller++) {
            requests.add(() -> {
                start.await();
                return store.table("tiny", "catalog_sales");
            });
        }
        List<TableData> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            List<Future<TableData>> futures = requests.stream().map(threads::submit).toList();
            start.countDown();
            for (Future<TableData> future : futures) {
                results.add(future.get());
            }
        }
        assertThat(results).allSatisfy(result -> assertThat(result).isEqualTo(results.getFirst()));
        assertThat(results.getFirst().rowCount()).isEqualTo(89_807);
        Path schemaDirectory = dataDirectory.resolve("tpcds/tiny");
        try (Stream<Path> entries = Files.list(schemaDirectory)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("catalog_sales", ".catalog_sales.lock");
        }
    }

    @Test
    void separateStoresOnOneDirectoryDoNotGenerateTwice() throws Exception {
        try (TpcdsDataStore another = new TpcdsDataStore(dataDirectory, allocator, 1);
                ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<TableData> first = threads.submit(() -> store.table("tiny", "web_sales"));
            Future<TableData> second = threads.submit(() -> another.table("tiny", "web_sales"));
            assertThat(first.get()).isEqualTo(second.get());
        }
    }

    @Test
    void leftoversOfACrashAreReplaced() throws IOException {
        Path schemaDirectory = Files.createDirectories(dataDirectory.resolve("tpcds/tiny"));
        Path abandoned = Files.createDirectories(schemaDirectory.resolve(".store.tmp-123"));
        Files.writeString(abandoned.resolve("part-00000.arrow"), "half written");
        Path incomplete = Files.createDirectories(schemaDirectory.resolve("store"));
        Files.writeString(incomplete.resolve("part-00000.arrow"), "no manifest");

        TableData table = store.table("tiny", "store");
        assertThat(table.rowCount()).isEqualTo(2);
        assertThat(abandoned).doesNotExist();
        assertThat(Files.size(table.partitions().getFirst().file())).isGreaterThan(100);

        Files.writeString(table.partitions().getFirst().file(), "truncated");
        try (TpcdsDataStore another = new TpcdsDataStore(dataDirectory, allocator, 1)) {
            assertThat(another.generatedTable("tiny", "store")).isEmpty();
            assertThat(another.table("tiny", "store").rowCount()).isEqualTo(2);
        }
    }

    @Test
    void fileSchemaKeepsColumnTypesAndMetadata() throws IOException {
        TableData customer = store.table("tiny", "customer");
        ArrowFiles.FileContents contents = ArrowFiles.read(customer.partitions().getFirst().file(), allocator, root -> {
            List<FieldVector> vectors = root.getFieldVectors();
            assertThat(vectors.get(0)).isInstanceOf(IntVector.class);
            assertThat(root.getVector("c_customer_id")).isInstanceOf(VarCharVector.class);
        });
        assertThat(contents.schema()).isEqualTo(TpcdsCatalog.table("customer").arrowSchema());
        assertThat(contents.schema().findField("c_customer_id").getMetadata())
                .isEqualTo(Map.of(TpcdsCatalog.VARCHAR_LENGTH_METADATA_KEY, "16"));
    }

    @Test
    void unknownNamesAreRejected() {
        assertThatThrownBy(() -> store.table("sf2", "item")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.table("tiny", "nation")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.table("tiny", "dbgen_version")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedStoresRefuseWork() {
        store.close();
        assertThatThrownBy(() -> store.table("tiny", "item")).isInstanceOf(IllegalStateException.class);
    }
}
