package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import io.trino.tpcds.Scaling;
import io.trino.tpcds.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
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
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Generates TPC-DS tables with the TPC-DS data generator and stores them as Arrow IPC files, generating each table of
 * each schema once, on first use, and reusing the files afterwards (also across processes).
 *
 * <p>Layout: {@code <dataDirectory>/tpcds/<schema>/<table>/part-00000.arrow}, ... plus a {@code manifest.properties}
 * with the partitions' row counts and sizes. A table is written into a temporary directory that is renamed into
 * place only when complete, so a crash never leaves a half-written table; a file lock keeps two processes from
 * generating the same table at the same time, and concurrent callers in one process wait for a single generation.
 * Different tables generate in parallel, and so do the partitions of large tables, on a pool of
 * {@code parallelism} generator threads owned by this store.
 *
 * <p>Arrow memory comes from the allocator given to the constructor: every generation task uses its own named
 * child allocator and closes it when done. Close the store before closing that allocator.
 */
public final class TpcdsDataStore implements AutoCloseable {

    /** The largest number of rows in one record batch of a partition file. */
    public static final int MAXIMUM_BATCH_ROWS = 65_536;

    /** The largest number of partitions of one table. */
    public static final int MAXIMUM_PARTITIONS = 16;

    /** The number of rows per partition {@link #partitionCount} aims for. */
    public static final long TARGET_PARTITION_ROWS = 250_000;

    /** Tables with more rows than this get at least {@link #MINIMUM_PARALLEL_PARTITIONS} partitions. */
    public static final long PARALLEL_SCAN_THRESHOLD_ROWS = 100_000;

    /** The least number of partitions of a table over {@link #PARALLEL_SCAN_THRESHOLD_ROWS} rows. */
    public static final int MINIMUM_PARALLEL_PARTITIONS = 4;

    /** The name of the manifest file in a table directory. */
    public static final String MANIFEST_FILE_NAME = TableManifest.FILE_NAME;

    private static final String MANIFEST_FORMAT_VERSION = "1";
    private static final String GENERATOR = "io.trino.tpcds:tpcds:1.7";
    private static final String PARTITION_FILE_FORMAT = "part-%05d.arrow";
    private static final long SHUTDOWN_WAIT_SECONDS = 60;
    /** Locks of table lock files held in this process; file locks alone do not exclude threads of one process. */
    private static final ConcurrentHashMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path rootDirectory;
    private final BufferAllocator allocator;
    private final int parallelism;
    private final ThreadPoolExecutor generatorThreads;
    private final ConcurrentHashMap<TableKey, CompletableFuture<TableData>> tables = new ConcurrentHashMap<>();
    private final AtomicLong taskSequence = new AtomicLong();
    private volatile boolean closed;

    /**
     * Creates a store that generates with as many threads as the machine has processors.
     *
     * @param dataDirectory the Proteus data directory, such as {@code ~/.proteus/data}; TPC-DS data goes to its
     *     {@code tpcds} subdirectory
     * @param allocator the allocator generation tasks make their child allocators from
     */
    public TpcdsDataStore(Path dataDirectory, BufferAllocator allocator) {
        this(dataDirectory, allocator, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates a store.
     *
     * @param dataDirectory the Proteus data directory, such as {@code ~/.proteus/data}; TPC-DS data goes to its
     *     {@code tpcds} subdirectory
     * @param allocator the allocator generation tasks make their child allocators from
     * @param parallelism the number of generator threads, at least 1
     */
    public TpcdsDataStore(Path dataDirectory, BufferAllocator allocator, int parallelism) {
        requireNonNull(dataDirectory, "dataDirectory");
        this.allocator = requireNonNull(allocator, "allocator");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.rootDirectory = dataDirectory.toAbsolutePath().normalize().resolve("tpcds");
        this.parallelism = parallelism;
        this.generatorThreads = new ThreadPoolExecutor(
                parallelism,
                parallelism,
                10,
                TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(),
                generatorThreadFactory());
        this.generatorThreads.allowCoreThreadTimeOut(true);
    }

    /**
     * Returns the number of partitions of a table with this many rows: one per {@link #TARGET_PARTITION_ROWS} rows,
     * between 1 and {@link #MAXIMUM_PARTITIONS}, and at least {@link #MINIMUM_PARALLEL_PARTITIONS} for tables over
     * {@link #PARALLEL_SCAN_THRESHOLD_ROWS} rows so that their scans run in parallel.
     */
    public static int partitionCount(long rowCount) {
        if (rowCount < 0) {
            throw new IllegalArgumentException("Negative row count " + rowCount);
        }
        int partitions = (int) Math.min(MAXIMUM_PARTITIONS, Math.max(1, Math.ceilDiv(rowCount, TARGET_PARTITION_ROWS)));
        return rowCount > PARALLEL_SCAN_THRESHOLD_ROWS ? Math.max(MINIMUM_PARALLEL_PARTITIONS, partitions) : partitions;
    }

    /** Returns the number of generator threads. */
    public int parallelism() {
        return parallelism;
    }

    /** Returns the directory a table's files are (or will be) in: {@code <dataDirectory>/tpcds/<schema>/<table>}. */
    public Path tableDirectory(String schema, String table) {
        TableKey key = key(schema, table);
        return tableDirectory(key);
    }

    /**
     * Returns the data of a table, generating it first if no complete copy exists yet. Concurrent callers for the
     * same table wait for one generation.
     *
     * @param schema a schema of {@link TpcdsCatalog#schemaNames()}, such as {@code "sf1"}
     * @param table a table of {@link TpcdsCatalog#tables()}, such as {@code "store_sales"}
     * @throws IllegalArgumentException if the schema or table is unknown
     * @throws UncheckedIOException if the files cannot be written or read
     * @throws CancellationException if the calling thread is interrupted or the store is closed while waiting
     */
    public TableData table(String schema, String table) {
        TableKey key = key(schema, table);
        while (true) {
            checkOpen();
            CompletableFuture<TableData> generation = tables.get(key);
            if (generation == null) {
                CompletableFuture<TableData> ours = new CompletableFuture<>();
                generation = tables.putIfAbsent(key, ours);
                if (generation == null) {
                    try {
                        TableData data = loadOrGenerate(key);
                        ours.complete(data);
                        return data;
                    } catch (RuntimeException | Error e) {
                        tables.remove(key, ours);
                        ours.completeExceptionally(e);
                        throw e;
                    }
                }
            }
            try {
                return generation.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("Interrupted while waiting for " + key);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CancellationException && !closed) {
                    // The thread generating the table was interrupted; that does not concern this caller: try again.
                    continue;
                }
                throw asUnchecked("Generation of " + key + " failed", e.getCause());
            }
        }
    }

    /**
     * Returns the data of a table if it has been generated already, without generating it.
     *
     * @throws IllegalArgumentException if the schema or table is unknown
     */
    public Optional<TableData> generatedTable(String schema, String table) {
        TableKey key = key(schema, table);
        CompletableFuture<TableData> generation = tables.get(key);
        if (generation != null && generation.isDone() && !generation.isCompletedExceptionally()) {
            return Optional.of(generation.join());
        }
        try {
            return readManifest(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Generates every table of a schema that has not been generated yet, the largest first, using all generator
     * threads, and waits until all are done.
     *
     * @param schema a schema of {@link TpcdsCatalog#schemaNames()}
     * @return the data of all 24 tables, in {@link TpcdsCatalog#tables()} order
     * @throws IllegalArgumentException if the schema is unknown
     */
    public List<TableData> generateAll(String schema) {
        String schemaName = schemaName(schema);
        double scaleFactor = TpcdsCatalog.scaleFactor(schemaName);
        checkOpen();
        List<TpcdsTable> largestFirst = TpcdsCatalog.tables().stream()
                .sorted(Comparator.comparingLong((TpcdsTable table) -> table.estimatedRowCount(scaleFactor)
                                * table.arrowSchema().getFields().size())
                        .reversed())
                .toList();
        List<Future<TableData>> generations = new ArrayList<>();
        ThreadFactory threadFactory = Thread.ofVirtual().name("proteus-tpcds-" + schemaName + "-", 0).factory();
        try (ExecutorService coordinators = Executors.newThreadPerTaskExecutor(threadFactory)) {
            for (TpcdsTable table : largestFirst) {
                generations.add(coordinators.submit(() -> table(schemaName, table.name())));
            }
        }
        List<TableData> results = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<TableData> generation : generations) {
            try {
                results.add(generation.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("Interrupted while generating schema " + schemaName);
            } catch (ExecutionException | CancellationException e) {
                RuntimeException cause = asUnchecked(
                        "Generation of schema " + schemaName + " failed",
                        e instanceof ExecutionException ? e.getCause() : e);
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results.stream()
                .sorted(Comparator.comparing(TableData::table))
                .toList();
    }

    /**
     * Stops generation: queued generation tasks are abandoned, running ones stop after their current batch, and
     * this method waits for them so that no child allocator stays open. Generated tables stay on disk.
     */
    @Override
    public void close() {
        closed = true;
        // No interrupts: running tasks see the closed flag after their current batch (an interrupt would close the
        // file channels under them).
        generatorThreads.shutdown();
        List<Runnable> pending = new ArrayList<>();
        generatorThreads.getQueue().drainTo(pending);
        for (Runnable task : pending) {
            if (task instanceof GenerationTask generationTask) {
                generationTask.abandon();
            }
        }
        try {
            if (!generatorThreads.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("TPC-DS generator threads did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TableData loadOrGenerate(TableKey key) {
        try {
            Optional<TableData> existing = readManifest(key);
            if (existing.isPresent()) {
                return existing.get();
            }
            Path schemaDirectory = rootDirectory.resolve(key.schema());
            Files.createDirectories(schemaDirectory);
            try (TableLock _ = TableLock.acquire(schemaDirectory.resolve("." + key.table() + ".lock"))) {
                existing = readManifest(key);
                if (existing.isPresent()) {
                    return existing.get();
                }
                Path tableDirectory = tableDirectory(key);
                deleteRecursively(tableDirectory);
                deleteAbandonedTemporaryDirectories(schemaDirectory, key.table());
                Path temporaryDirectory =
                        Files.createDirectory(schemaDirectory.resolve(temporaryPrefix(key.table()) + UUID.randomUUID()));
                try {
                    List<PartitionGenerator.WrittenFile> files = generate(key, temporaryDirectory);
                    writeManifest(key, temporaryDirectory, files);
                    Files.move(temporaryDirectory, tableDirectory, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | RuntimeException | Error e) {
                    deleteQuietly(temporaryDirectory, e);
                    throw e;
                }
                return readManifest(key).orElseThrow(
                        () -> new IllegalStateException("The manifest of " + key + " is not readable after generation"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot generate TPC-DS table " + key + " in " + rootDirectory, e);
        }
    }

    /** Plans the generation of a table, runs the plan on the generator threads and waits for it. */
    private List<PartitionGenerator.WrittenFile> generate(TableKey key, Path directory) throws IOException {
        TpcdsTable table = TpcdsCatalog.table(key.table());
        double scaleFactor = TpcdsCatalog.scaleFactor(key.schema());
        Table generatorTable = table.generatorTable();
        long generatorRows = new Scaling(scaleFactor).getRowCount(generatorTable);
        long estimatedRows = table.estimatedRowCount(scaleFactor);
        int partitions = partitionCount(estimatedRows);
        List<Path> files = new ArrayList<>(partitions);
        for (int index = 0; index < partitions; index++) {
            files.add(directory.resolve(String.format(Locale.ROOT, PARTITION_FILE_FORMAT, index)));
        }

        List<PartitionGenerator> plan = new ArrayList<>();
        if (partitions == 1 || generatorTable.keepsHistory()) {
            // Slowly changing dimensions derive a row from the previous one, so the generator cannot start them in
            // the middle: generate in one pass and start a new file every so many rows.
            plan.add(new PartitionGenerator(
                    table, scaleFactor, 1, generatorRows, files, Math.max(1, Math.ceilDiv(estimatedRows, partitions))));
        } else {
            // The generator can start at any row of the other tables (it skips its random streams ahead), which
            // gives the same rows as one pass; split the generator rows (orders, for sales tables) evenly.
            for (int index = 0; index < partitions; index++) {
                long first = 1 + generatorRows * index / partitions;
                long last = generatorRows * (index + 1) / partitions;
                plan.add(new PartitionGenerator(table, scaleFactor, first, last, List.of(files.get(index)), Long.MAX_VALUE));
            }
        }

        AtomicBoolean cancelled = new AtomicBoolean();
        List<CompletableFuture<List<PartitionGenerator.WrittenFile>>> results = new ArrayList<>();
        int columns = table.arrowSchema().getFields().size();
        for (int step = 0; step < plan.size(); step++) {
            PartitionGenerator generator = plan.get(step);
            long generatorRowsOfStep = Math.max(0, generator.lastGeneratorRow() - generator.firstGeneratorRow() + 1);
            double work = generatorRows == 0 ? 0 : (double) estimatedRows * generatorRowsOfStep / generatorRows * columns;
            String allocatorName = String.format(
                    Locale.ROOT, "tpcds-%s-%s-%05d", key.schema(), key.table(), plan.size() == 1 ? 0 : step);
            GenerationTask task = new GenerationTask(
                    work,
                    taskSequence.getAndIncrement(),
                    () -> generator.run(allocator, allocatorName, () -> cancelled.get() || closed));
            results.add(task.result());
            try {
                generatorThreads.execute(task);
            } catch (RuntimeException e) {
                task.abandon();
            }
        }

        CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
        try {
            all.get();
        } catch (InterruptedException e) {
            cancelled.set(true);
            awaitQuietly(all);
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while generating " + key);
        } catch (ExecutionException e) {
            cancelled.set(true);
            awaitQuietly(all);
            Throwable cause = e.getCause();
            if (cause instanceof IOException ioException) {
                throw ioException;
            }
            throw asUnchecked("Generation of " + key + " failed", cause);
        }
        List<PartitionGenerator.WrittenFile> written = new ArrayList<>();
        for (CompletableFuture<List<PartitionGenerator.WrittenFile>> result : results) {
            written.addAll(result.join());
        }
        return written;
    }

    private Optional<TableData> readManifest(TableKey key) throws IOException {
        TpcdsTable table = TpcdsCatalog.table(key.table());
        return TableManifest.read(tableDirectory(key), manifestIdentity(key))
                .map(partitions -> new TableData(key.schema(), key.table(), table.arrowSchema(), partitions));
    }

    private static void writeManifest(TableKey key, Path directory, List<PartitionGenerator.WrittenFile> files)
            throws IOException {
        List<TablePartition> partitions = new ArrayList<>(files.size());
        for (int index = 0; index < files.size(); index++) {
            PartitionGenerator.WrittenFile file = files.get(index);
            partitions.add(new TablePartition(index, file.file(), file.rowCount(), file.byteSize()));
        }
        TableManifest.write(directory, manifestIdentity(key), partitions, "TPC-DS " + key + " generated by Proteus");
    }

    private static Map<String, String> manifestIdentity(TableKey key) {
        return Map.of("format", MANIFEST_FORMAT_VERSION, "generator", GENERATOR, "schema", key.schema(), "table", key.table(),
                "scaleFactor", Double.toString(TpcdsCatalog.scaleFactor(key.schema())));
    }

    private Path tableDirectory(TableKey key) {
        return rootDirectory.resolve(key.schema()).resolve(key.table());
    }

    private static String temporaryPrefix(String table) {
        return "." + table + ".tmp-";
    }

    /** Deletes what generations that died left behind; called with the table's lock held, so none is running. */
    private static void deleteAbandonedTemporaryDirectories(Path schemaDirectory, String table) throws IOException {
        List<Path> abandoned = new ArrayList<>();
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(schemaDirectory, temporaryPrefix(table) + "*")) {
            entries.forEach(abandoned::add);
        }
        for (Path directory : abandoned) {
            deleteRecursively(directory);
        }
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

    private static void deleteQuietly(Path path, Throwable failure) {
        try {
            deleteRecursively(path);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.handle((result, failure) -> null).join();
        } catch (RuntimeException e) {
            // Only waiting for the tasks to stop; their failures are reported by the caller.
        }
    }

    private static RuntimeException asUnchecked(String message, Throwable cause) {
        return switch (cause) {
            case CancellationException cancellation -> cancellation;
            case UncheckedIOException ioFailure -> new UncheckedIOException(message, ioFailure.getCause());
            case IOException ioFailure -> new UncheckedIOException(message, ioFailure);
            case IllegalArgumentException illegalArgument -> new IllegalArgumentException(message, illegalArgument);
            default -> new IllegalStateException(message, cause);
        };
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The TPC-DS data store is closed");
        }
    }

    private static TableKey key(String schema, String table) {
        return new TableKey(schemaName(schema), TpcdsCatalog.table(table).name());
    }

    private static String schemaName(String schema) {
        requireNonNull(schema, "schema");
        String schemaName = schema.toLowerCase(Locale.ROOT);
        TpcdsCatalog.scaleFactor(schemaName);
        return schemaName;
    }

    private static ThreadFactory generatorThreadFactory() {
        AtomicInteger threadNumber = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "proteus-tpcds-generator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A table in a schema, both validated and lower case. */
    private record TableKey(String schema, String table) {
        @Override
        public String toString() {
            return schema + "." + table;
        }
    }

    /** Generation work of the generator threads, largest first. */
    private static final class GenerationTask implements Runnable, Comparable<GenerationTask> {
        /** Work that may throw an I/O error. */
        @FunctionalInterface
        interface Work {
            List<PartitionGenerator.WrittenFile> run() throws IOException;
        }

        private final double size;
        private final long sequence;
        private final Work work;
        private final CompletableFuture<List<PartitionGenerator.WrittenFile>> result = new CompletableFuture<>();

        GenerationTask(double size, long sequence, Work work) {
            this.size = size;
            this.sequence = sequence;
            this.work = work;
        }

        CompletableFuture<List<PartitionGenerator.WrittenFile>> result() {
            return result;
        }

        void abandon() {
            result.completeExceptionally(new CancellationException("The TPC-DS data store was closed"));
        }

        @Override
        public void run() {
            try {
                result.complete(work.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public int compareTo(GenerationTask other) {
            int bySize = Double.compare(other.size, size);
            return bySize != 0 ? bySize : Long.compare(sequence, other.sequence);
        }
    }

    /** Excludes other threads and processes from generating a table. */
    private static final class TableLock implements AutoCloseable {
        private final ReentrantLock processLock;
        private final FileChannel channel;
        private final FileLock fileLock;

        private TableLock(ReentrantLock processLock, FileChannel channel, FileLock fileLock) {
            this.processLock = processLock;
            this.channel = channel;
            this.fileLock = fileLock;
        }

        static TableLock acquire(Path lockFile) throws IOException {
            ReentrantLock processLock = PROCESS_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
            processLock.lock();
            FileChannel channel = null;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                return new TableLock(processLock, channel, channel.lock());
            } catch (IOException | RuntimeException | Error e) {
                if (channel != null) {
                    channel.close();
                }
                processLock.unlock();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                fileLock.release();
                channel.close();
            } finally {
                processLock.unlock();
            }
        }
    }
}
