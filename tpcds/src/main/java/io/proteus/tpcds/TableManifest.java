package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code manifest.properties} of a directory of generated partition files: which table the directory holds (its
 * identity, such as the generator, schema and table) and each partition's file, rows and bytes. A data store writes it
 * last, so a directory with a readable manifest is complete; it reuses a cached directory only when the manifest names
 * the same table and every partition file is still there with its size, and generates the table again otherwise.
 */
public final class TableManifest {

    /** The name of the manifest file in a table directory. */
    public static final String FILE_NAME = "manifest.properties";

    private TableManifest() {
    }

    /**
     * Writes the manifest of {@code directory}, which must not have one yet.
     *
     * @param identity what the directory holds; {@link #read} accepts the directory only for the same entries
     * @param partitions the partitions in order; only their file names are kept, so the directory may be moved after
     * @param comment the first line of the file
     */
    public static void write(Path directory, Map<String, String> identity, List<TablePartition> partitions, String comment)
            throws IOException {
        requireNonNull(directory, "directory");
        requireNonNull(comment, "comment");
        Properties manifest = new Properties();
        identity.forEach(manifest::setProperty);
        manifest.setProperty("partitions", Integer.toString(partitions.size()));
        long totalRows = 0;
        for (int index = 0; index < partitions.size(); index++) {
            TablePartition partition = partitions.get(index);
            String prefix = "partition." + index + ".";
            manifest.setProperty(prefix + "file", partition.file().getFileName().toString());
            manifest.setProperty(prefix + "rows", Long.toString(partition.rowCount()));
            manifest.setProperty(prefix + "bytes", Long.toString(partition.byteSize()));
            totalRows += partition.rowCount();
        }
        manifest.setProperty("rows", Long.toString(totalRows));
        try (Writer writer = Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            manifest.store(writer, comment);
        }
    }

    /**
     * Reads the partitions of {@code directory}; empty when it has no manifest, the manifest names another table (an
     * identity entry differs) or is malformed, it lists no partition, or a partition file is missing, outside the
     * directory or of another size than written.
     */
    public static Optional<List<TablePartition>> read(Path directory, Map<String, String> identity) throws IOException {
        Properties manifest = new Properties();
        try (Reader reader = Files.newBufferedReader(directory.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            manifest.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : identity.entrySet()) {
            if (!entry.getValue().equals(manifest.getProperty(entry.getKey()))) {
                return Optional.empty();
            }
        }
        try {
            int count = Integer.parseInt(manifest.getProperty("partitions"));
            List<TablePartition> partitions = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                String prefix = "partition." + index + ".";
                Path file = directory.resolve(requireNonNull(manifest.getProperty(prefix + "file"))).normalize();
                long rows = Long.parseLong(manifest.getProperty(prefix + "rows"));
                long bytes = Long.parseLong(manifest.getProperty(prefix + "bytes"));
                if (!directory.equals(file.getParent()) || !Files.isRegularFile(file) || Files.size(file) != bytes) {
                    return Optional.empty();
                }
                partitions.add(new TablePartition(index, file, rows, bytes));
            }
            return partitions.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(partitions));
        } catch (RuntimeException e) {
            // A malformed manifest (a missing or unparsable entry) is no manifest: the table is generated again.
            return Optional.empty();
        }
    }
}
