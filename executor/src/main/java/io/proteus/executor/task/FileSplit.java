package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

/** A table partition stored as an Arrow IPC file, with its row count. */
public record FileSplit(String path, long rowCount) implements InputSplit {

    public FileSplit {
        requireNonNull(path, "path");
    }
}
