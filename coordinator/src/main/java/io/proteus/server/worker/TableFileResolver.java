package io.proteus.server.worker;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.TaskFunction;
import io.proteus.executor.task.FileSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.OutputSink;
import io.proteus.executor.task.SplitReader;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.server.synthetic.KeyDistribution;
import io.proteus.server.synthetic.SyntheticDataStore;
import io.proteus.server.synthetic.SyntheticTable;
import io.proteus.tpcds.TpcdsDataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Finds the table files of a task on the worker that runs it, then runs the task. Absolute paths are read as they
 * are. Paths relative to the data directory ({@code tpcds/<schema>/<table>/part-00000.arrow},
 * {@code synthetic/<schema>/<table>/...}) are resolved against this worker's data directory; a TPC-DS or synthetic
 * table missing there is generated into it first (both generators are deterministic, so every worker holds the same
 * rows as the coordinator planned with). Inline files (system table snapshots) are written once into a scratch
 * directory, named by their content's hash.
 *
 * <p>In one JVM ({@code bin/proteus local}) the workers share the coordinator's data directory and stores; a worker
 * process has its own.
 */
public final class TableFileResolver implements TaskFunction, AutoCloseable {

    private static final java.time.Duration INLINE_FILE_LIFETIME = java.time.Duration.ofMinutes(10);

    private final TaskFunction delegate;
    private final Path dataDirectory;
    private final Supplier<TpcdsDataStore> tpcds;
    private final Supplier<SyntheticDataStore> synthetic;
    private final Path scratchDirectory;

    /**
     * @param delegate runs the task once its files are found
     * @param dataDirectory this worker's data directory
     * @param tpcds the store that generates missing TPC-DS tables into {@code dataDirectory} (called only then)
     * @param synthetic the store that generates missing synthetic tables into {@code dataDirectory}
     */
    public TableFileResolver(TaskFunction delegate, Path dataDirectory, Supplier<TpcdsDataStore> tpcds,
            Supplier<SyntheticDataStore> synthetic) {
        this.delegate = requireNonNull(delegate, "delegate");
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath().normalize();
        this.tpcds = requireNonNull(tpcds, "tpcds");
        this.synthetic = requireNonNull(synthetic, "synthetic");
        try {
            this.scratchDirectory = Files.createTempDirectory("proteus-inline-tables");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for inline tables", e);
        }
    }

    @Override
    public TaskResult run(TaskDescriptor task, String workerId, BufferAllocator workerAllocator, SplitReader exchangeReader,
            OutputSink sink, BooleanSupplier cancelled) throws Exception {
        return delegate.run(resolve(task, workerId), workerId, workerAllocator, exchangeReader, sink, cancelled);
    }

    /** The task with every file split pointing at an absolute file on this worker. */
    TaskDescriptor resolve(TaskDescriptor task, String workerId) {
        boolean changed = false;
        Map<Integer, List<InputSplit>> inputs = new HashMap<>();
        for (Map.Entry<Integer, List<InputSplit>> entry : task.inputs().entrySet()) {
            List<InputSplit> splits = new ArrayList<>(entry.getValue().size());
            for (InputSplit split : entry.getValue()) {
                if (split instanceof FileSplit file && (file.content() != null || file.isDataRelative())) {
                    splits.add(file.withPath(locate(file, workerId).toString()));
                    changed = true;
                } else {
                    splits.add(split);
                }
            }
            inputs.put(entry.getKey(), splits);
        }
        return changed
                ? new TaskDescriptor(task.queryId(), task.stageId(), task.taskIndex(), task.attempt(), task.fragment(),
                        inputs, task.output(), task.memoryLimitBytes())
                : task;
    }

    private Path locate(FileSplit split, String workerId) {
        if (split.content() != null) {
            return writeInline(split.content());
        }
        Path file = dataDirectory.resolve(split.path()).normalize();
        if (!file.startsWith(dataDirectory)) {
            throw new IllegalArgumentException("table file " + split.path() + " lies outside the data directory");
        }
        if (Files.isRegularFile(file)) {
            return file;
        }
        // tpcds/<schema>/<table>/<file> or synthetic/<schema>/<table>/<file>: generate the table here.
        Path relative = dataDirectory.relativize(file);
        if (relative.getNameCount() == 4) {
            String kind = relative.getName(0).toString();
            String schema = relative.getName(1).toString();
            String table = relative.getName(2).toString();
            switch (kind) {
                case "tpcds" -> tpcds.get().table(schema, table);
                case "synthetic" -> synthetic.get().table(KeyDistribution.ofSchema(schema), SyntheticTable.parse(table));
                default -> {
                }
            }
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("table file " + split.path() + " is not in the data directory " + dataDirectory
                + " of worker " + workerId + " (see docs/deploy.md: the workers need the coordinator's tables)");
    }

    private Path writeInline(byte[] content) {
        Path file = scratchDirectory.resolve(sha256(content) + ".arrow");
        if (Files.isRegularFile(file)) {
            return file;
        }
        removeOldInlineFiles();
        try {
            Path temporary = scratchDirectory.resolve(".tmp-" + UUID.randomUUID());
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an inline table file into " + scratchDirectory, e);
        }
    }

    /** Snapshots are read right after they are taken; those of more than ten minutes ago only cost disk space. */
    private void removeOldInlineFiles() {
        java.time.Instant oldest = java.time.Instant.now().minus(INLINE_FILE_LIFETIME);
        try (Stream<Path> files = Files.list(scratchDirectory)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(oldest)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // Only disk space is at stake; the task must not fail for it.
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Removes the inline files (readers that still map one keep their mapping). */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(scratchDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the inline table files in " + scratchDirectory, e);
        }
    }
}
