package io.proteus.server.synthetic;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.TableData;
import io.proteus.tpcds.TableManifest;
import io.proteus.tpcds.TablePartition;
import io.proteus.tpcds.TpcdsDataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * Generates the tables of the {@code synthetic} catalog deterministically and stores them as Arrow IPC files the way
 * {@link TpcdsDataStore} stores TPC-DS tables: {@code <dataDirectory>/synthetic/<schema>/<table>/part-00000.arrow},
 * ... and a {@code manifest.properties}, written into a temporary directory that is renamed into place when complete.
 * A table is generated on first use and reused afterwards, also across processes. It is split into
 * {@link TpcdsDataStore#partitionCount} partitions (at least four above 100,000 rows, so that scans run in parallel),
 * each generated from its own seed: the same table has the same rows whatever generated it.
 *
 * <p>Arrow memory comes from the allocator given to the constructor; each partition is written with its own child
 * allocator, closed when the partition is written.
 */
public final class SyntheticDataStore {

    /** The name of the manifest file in a table directory. */
    public static final String MANIFEST_FILE_NAME = TableManifest.FILE_NAME;

    private static final String GENERATOR = "proteus-synthetic:1";
    private static final String PARTITION_FILE_FORMAT = "part-%05d.arrow";
    private static final long SEED = 0x5EED_2022_0F_A7L;

    private final Path rootDirectory;
    private final BufferAllocator allocator;
    private final ConcurrentHashMap<String, TableData> tables = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * Creates a store.
     *
     * @param dataDirectory the Proteus data directory; synthetic data goes to its {@code synthetic} subdirectory
     * @param allocator the allocator generation makes its child allocators from
     */
    public SyntheticDataStore(Path dataDirectory, BufferAllocator allocator) {
        this.rootDirectory = requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath().normalize().resolve("synthetic");
        this.allocator = requireNonNull(allocator, "allocator");
    }

    /** Returns the directory a table's files are (or will be) in. */
    public Path tableDirectory(KeyDistribution distribution, SyntheticTable table) {
        return rootDirectory.resolve(distribution.schemaName()).resolve(table.name());
    }

    /**
     * Returns the data of a table, generating it first if no complete copy exists yet; concurrent callers for the same
     * table wait for one generation.
     *
     * @throws UncheckedIOException if the files cannot be written or read
     */
    public TableData table(KeyDistribution distribution, SyntheticTable table) {
        requireNonNull(distribution, "distribution");
        requireNonNull(table, "table");
        String key = distribution.schemaName() + "." + table.name();
        TableData cached = tables.get(key);
        if (cached != null) {
            return cached;
        }
        synchronized (locks.computeIfAbsent(key, ignored -> new Object())) {
            cached = tables.get(key);
            if (cached != null) {
                return cached;
            }
            try {
                TableData data = readManifest(distribution, table).orElse(null);
                if (data == null) {
                    data = generate(distribution, table);
                }
                tables.put(key, data);
                return data;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot generate synthetic table " + key + " in " + rootDirectory, e);
            }
        }
    }

    /** Returns the names of the tables of a schema that are generated (complete on disk or in this store), sorted. */
    public List<String> generatedTables(KeyDistribution distribution) {
        requireNonNull(distribution, "distribution");
        TreeSet<String> names = new TreeSet<>();
        tables.keySet().stream()
                .filter(key -> key.startsWith(distribution.schemaName() + "."))
                .map(key -> key.substring(distribution.schemaName().length() + 1))
                .forEach(names::add);
        Path schemaDirectory = rootDirectory.resolve(distribution.schemaName());
        if (Files.isDirectory(schemaDirectory)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(schemaDirectory, "mb_*")) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (Files.isRegularFile(entry.resolve(MANIFEST_FILE_NAME)) && isTableName(name)) {
                        names.add(name);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + schemaDirectory, e);
            }
        }
        return List.copyOf(names);
    }

    private static boolean isTableName(String name) {
        try {
            return SyntheticTable.parse(name).name().equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private TableData generate(KeyDistribution distribution, SyntheticTable table) throws IOException {
        Path schemaDirectory = rootDirectory.resolve(distribution.schemaName());
        Files.createDirectories(schemaDirectory);
        Path temporary = Files.createDirectory(schemaDirectory.resolve("." + table.name() + ".tmp-" + UUID.randomUUID()));
        try {
            int partitions = TpcdsDataStore.partitionCount(table.rows());
            List<TablePartition> written = new ArrayList<>(partitions);
            for (int index = 0; index < partitions; index++) {
                long first = table.rows() * index / partitions;
                long end = table.rows() * (index + 1) / partitions;
                Path file = temporary.resolve(String.format(Locale.ROOT, PARTITION_FILE_FORMAT, index));
                writePartition(file, distribution, table, index, first, end);
                written.add(new TablePartition(index, file, end - first, Files.size(file)));
            }
            TableManifest.write(temporary, manifestIdentity(distribution, table), written, "synthetic table generated by Proteus");
            Path target = tableDirectory(distribution, table);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another process generated it meanwhile (the same rows): use its copy if complete, else replace it.
                Optional<TableData> theirs = readManifest(distribution, table);
                if (theirs.isPresent()) {
                    deleteRecursively(temporary);
                    return theirs.get();
                }
                deleteRecursively(target);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteRecursively(temporary);
            } catch (IOException deletion) {
                e.addSuppressed(deletion);
            }
            throw e;
        }
        return readManifest(distribution, table)
                .orElseThrow(() -> new IllegalStateException("The manifest of " + table.name() + " is not readable after generation"));
    }

    /** Writes rows {@code [first, end)} of a table as one partition file, from the partition's own seed. */
    private void writePartition(Path file, KeyDistribution distribution, SyntheticTable table, int partition, long first,
            long end) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED ^ (distribution.ordinal() * 0x9E3779B97F4A7C15L)
                ^ (table.rows() * 0xBF58476D1CE4E5B9L) ^ (partition * 0x94D049BB133111EBL));
        String allocatorName = "synthetic-" + distribution.schemaName() + "-" + table.name() + "-" + partition;
        try (BufferAllocator partitionAllocator = allocator.newChildAllocator(allocatorName, 0, Long.MAX_VALUE);
                VectorSchemaRoot root = VectorSchemaRoot.create(SyntheticTable.arrowSchema(), partitionAllocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, new DictionaryProvider.MapDictionaryProvider(), channel)) {
            BigIntVector id = (BigIntVector) root.getVector("id");
            BigIntVector joinKey = (BigIntVector) root.getVector("join_key");
            BigIntVector quantity = (BigIntVector) root.getVector("quantity");
            BigIntVector amount = (BigIntVector) root.getVector("amount_cents");
            root.getFieldVectors().forEach(vector -> vector.setInitialCapacity(TpcdsDataStore.MAXIMUM_BATCH_ROWS));
            writer.start();
            for (long batchStart = first; batchStart < end; batchStart += TpcdsDataStore.MAXIMUM_BATCH_ROWS) {
                int batchRows = (int) Math.min(TpcdsDataStore.MAXIMUM_BATCH_ROWS, end - batchStart);
                root.allocateNew();
                for (int row = 0; row < batchRows; row++) {
                    id.set(row, batchStart + row);
                    joinKey.set(row, distribution.sample(random, table.rows()));
                    quantity.set(row, 1 + random.nextInt(100));
                    amount.set(row, random.nextInt(100_000));
                }
                root.setRowCount(batchRows);
                writer.writeBatch();
            }
            writer.end();
        }
    }

    private Optional<TableData> readManifest(KeyDistribution distribution, SyntheticTable table) throws IOException {
        return TableManifest.read(tableDirectory(distribution, table), manifestIdentity(distribution, table))
                .map(partitions -> new TableData(distribution.schemaName(), table.name(), SyntheticTable.arrowSchema(), partitions));
    }

    private static Map<String, String> manifestIdentity(KeyDistribution distribution, SyntheticTable table) {
        return Map.of("generator", GENERATOR, "schema", distribution.schemaName(), "table", table.name(),
                "rows", Long.toString(table.rows()));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }
}
