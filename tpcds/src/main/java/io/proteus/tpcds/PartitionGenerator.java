package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import io.trino.tpcds.Results;
import io.trino.tpcds.Session;
import io.trino.tpcds.Table;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * Runs the TPC-DS generator over a range of its rows and writes the output into one or more Arrow IPC files, in
 * record batches of at most {@link TpcdsDataStore#MAXIMUM_BATCH_ROWS} rows.
 *
 * @param table the table to generate
 * @param scaleFactor the TPC-DS scale factor
 * @param firstGeneratorRow the first generator row (1-based, inclusive); generator rows are orders for sales tables
 * @param lastGeneratorRow the last generator row (inclusive); less than the first for an empty range
 * @param files the files to write, in order; all but the last receive {@code maximumRowsPerFile} rows
 * @param maximumRowsPerFile how many rows a file receives before the next file is started
 */
record PartitionGenerator(
        TpcdsTable table,
        double scaleFactor,
        long firstGeneratorRow,
        long lastGeneratorRow,
        List<Path> files,
        long maximumRowsPerFile) {

    /** One written file. */
    record WrittenFile(Path file, long rowCount, long byteSize) {
        WrittenFile {
            requireNonNull(file, "file");
        }
    }

    PartitionGenerator {
        requireNonNull(table, "table");
        files = List.copyOf(files);
        if (files.isEmpty() || maximumRowsPerFile <= 0) {
            throw new IllegalArgumentException("Need at least one file and a positive number of rows per file");
        }
    }

    /**
     * Generates the rows and writes all files.
     *
     * @param parentAllocator the allocator to make this run's child allocator from
     * @param allocatorName the name of the child allocator
     * @param cancelled checked after every batch; generation stops with a {@link CancellationException} when true
     */
    List<WrittenFile> run(BufferAllocator parentAllocator, String allocatorName, BooleanSupplier cancelled)
            throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("Generation of " + table.name() + " was cancelled");
        }
        Table generatorTable = table.generatorTable();
        Session session = Session.getDefaultSession().withScale(scaleFactor).withTable(generatorTable);
        List<WrittenFile> written = new ArrayList<>(files.size());
        try (BufferAllocator allocator = parentAllocator.newChildAllocator(allocatorName, 0, Long.MAX_VALUE);
                VectorSchemaRoot root = VectorSchemaRoot.create(table.arrowSchema(), allocator)) {
            List<FieldVector> vectors = root.getFieldVectors();
            ColumnWriter[] writers = new ColumnWriter[vectors.size()];
            for (int column = 0; column < writers.length; column++) {
                FieldVector vector = vectors.get(column);
                vector.setInitialCapacity(TpcdsDataStore.MAXIMUM_BATCH_ROWS);
                vector.allocateNew();
                writers[column] = ColumnWriter.forVector(vector);
            }
            Iterator<List<List<String>>> rows = lastGeneratorRow >= firstGeneratorRow
                    ? Results.constructResults(generatorTable, firstGeneratorRow, lastGeneratorRow, session).iterator()
                    : Collections.emptyIterator();

            int fileIndex = 0;
            OutputFile output = new OutputFile(files.get(fileIndex), root);
            try {
                int batchRows = 0;
                long fileRows = 0;
                while (rows.hasNext()) {
                    List<String> values = rows.next().getFirst();
                    if (values.size() != writers.length) {
                        throw new IllegalStateException("The generator produced " + values.size() + " values for "
                                + table.name() + ", which has " + writers.length + " columns");
                    }
                    if (fileRows == maximumRowsPerFile && fileIndex < files.size() - 1) {
                        output.writeBatch(batchRows, vectors);
                        batchRows = 0;
                        written.add(output.finish());
                        fileIndex++;
                        output = new OutputFile(files.get(fileIndex), root);
                        fileRows = 0;
                    }
                    for (int column = 0; column < writers.length; column++) {
                        writers[column].write(batchRows, values.get(column));
                    }
                    batchRows++;
                    fileRows++;
                    if (batchRows == TpcdsDataStore.MAXIMUM_BATCH_ROWS) {
                        output.writeBatch(batchRows, vectors);
                        batchRows = 0;
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("Generation of " + table.name() + " was cancelled");
                        }
                    }
                }
                output.writeBatch(batchRows, vectors);
                written.add(output.finish());
                // Fewer rows than planned: the remaining files are valid and empty.
                while (++fileIndex < files.size()) {
                    output = new OutputFile(files.get(fileIndex), root);
                    written.add(output.finish());
                }
            } finally {
                output.close();
            }
        }
        return written;
    }

    /** An Arrow IPC file being written. */
    private static final class OutputFile implements AutoCloseable {
        private final Path file;
        private final VectorSchemaRoot root;
        private final ArrowFileWriter writer;
        private long rowCount;
        private boolean finished;

        OutputFile(Path file, VectorSchemaRoot root) throws IOException {
            this.file = file;
            this.root = root;
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                this.writer = new ArrowFileWriter(root, new DictionaryProvider.MapDictionaryProvider(), channel);
                writer.start();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        /** Writes the first {@code rows} rows of the vectors as one record batch (if any) and clears the vectors. */
        void writeBatch(int rows, List<FieldVector> vectors) throws IOException {
            if (rows == 0) {
                return;
            }
            root.setRowCount(rows);
            writer.writeBatch();
            rowCount += rows;
            for (FieldVector vector : vectors) {
                vector.reset();
            }
        }

        WrittenFile finish() throws IOException {
            writer.end();
            writer.close();
            finished = true;
            return new WrittenFile(file, rowCount, Files.size(file));
        }

        /** Closes an unfinished file after a failure; the file is deleted with its directory. */
        @Override
        public void close() {
            if (!finished) {
                try {
                    writer.close();
                } catch (RuntimeException e) {
                    // Already failing; the first failure is the one to report.
                }
            }
        }
    }
}
