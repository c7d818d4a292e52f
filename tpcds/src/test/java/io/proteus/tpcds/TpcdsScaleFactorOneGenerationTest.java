package io.proteus.tpcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates the whole {@code sf1} schema and checks every table's row count. Takes a while, so it only runs when
 * asked: {@code mvn -pl tpcds test -Dproteus.tpcds.sf1=true -Dtest=TpcdsScaleFactorOneGenerationTest}.
 */
@EnabledIfSystemProperty(named = "proteus.tpcds.sf1", matches = "true")
class TpcdsScaleFactorOneGenerationTest {

    /** Row counts of dsdgen and Trino's tpcds connector at scale factor 1. */
    private static final Map<String, Long> ROW_COUNTS = Map.ofEntries(
            Map.entry("call_center", 6L),
            Map.entry("catalog_page", 11_718L),
            Map.entry("catalog_returns", 144_067L),
            Map.entry("catalog_sales", 1_441_548L),
            Map.entry("customer", 100_000L),
            Map.entry("customer_address", 50_000L),
            Map.entry("customer_demographics", 1_920_800L),
            Map.entry("date_dim", 73_049L),
            Map.entry("household_demographics", 7_200L),
            Map.entry("income_band", 20L),
            Map.entry("inventory", 11_745_000L),
            Map.entry("item", 18_000L),
            Map.entry("promotion", 300L),
            Map.entry("reason", 75L),
            Map.entry("ship_mode", 20L),
            Map.entry("store", 12L),
            Map.entry("store_returns", 287_514L),
            Map.entry("store_sales", 2_880_404L),
            Map.entry("time_dim", 86_400L),
            Map.entry("warehouse", 5L),
            Map.entry("web_page", 60L),
            Map.entry("web_returns", 71_763L),
            Map.entry("web_sales", 719_384L),
            Map.entry("web_site", 30L));

    @TempDir
    Path temporaryDirectory;

    @Test
    void generatesTheWholeSchema() {
        Path dataDirectory = Path.of(System.getProperty("proteus.tpcds.dataDir", temporaryDirectory.toString()));
        try (BufferAllocator allocator = new RootAllocator()) {
            long start = System.nanoTime();
            List<TableData> tables;
            try (TpcdsDataStore store = new TpcdsDataStore(dataDirectory, allocator)) {
                tables = store.generateAll("sf1");
            }
            long milliseconds = (System.nanoTime() - start) / 1_000_000;
            long bytes = tables.stream().mapToLong(TableData::byteSize).sum();
            System.out.printf("Generated sf1 (%d tables, %,d bytes) in %,d ms with %d threads%n",
                    tables.size(), bytes, milliseconds, Runtime.getRuntime().availableProcessors());
            assertThat(tables.stream().collect(Collectors.toMap(TableData::table, TableData::rowCount)))
                    .isEqualTo(ROW_COUNTS);
            for (TableData table : tables) {
                System.out.printf("  %-24s %,12d rows %3d partitions%n",
                        table.table(), table.rowCount(), table.partitions().size());
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}
