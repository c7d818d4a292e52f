package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One partition of a generated TPC-DS table: an Arrow IPC file (the file format, with a footer) holding record
 * batches of at most {@link TpcdsDataStore#MAXIMUM_BATCH_ROWS} rows.
 *
 * @param index the position of the partition in its table, from 0
 * @param file the absolute path of the Arrow IPC file
 * @param rowCount the number of rows in the file
 * @param byteSize the size of the file in bytes
 */
public record TablePartition(int index, Path file, long rowCount, long byteSize) {

    public TablePartition {
        requireNonNull(file, "file");
        if (index < 0 || rowCount < 0 || byteSize < 0) {
            throw new IllegalArgumentException("Negative index, row count or size in partition " + index + " " + file);
        }
    }
}
