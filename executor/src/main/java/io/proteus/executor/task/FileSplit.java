package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A table partition stored as an Arrow IPC file, with its row count.
 *
 * <p>{@code path} is absolute (read as it is), or relative to the Proteus data directory ({@code tpcds/sf1/...}), which
 * each worker resolves against its own data directory, so that workers on other hosts find the same tables. A small
 * table (a system table snapshot) is shipped inside the task instead: {@code content} then holds the whole file and
 * {@code path} only names it in messages.
 *
 * @param path the file: absolute, or relative to the data directory
 * @param rowCount the partition's rows
 * @param content the file's bytes when shipped inline, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileSplit(String path, long rowCount, byte[] content) implements InputSplit {

    public FileSplit {
        requireNonNull(path, "path");
    }

    /** A partition read from a file. */
    public FileSplit(String path, long rowCount) {
        this(path, rowCount, null);
    }

    /** A small partition shipped with the task: {@code content} is a whole Arrow IPC file. */
    public static FileSplit inline(String name, long rowCount, byte[] content) {
        return new FileSplit(name, rowCount, requireNonNull(content, "content"));
    }

    /** Whether the file is relative to the data directory of the worker that reads it. */
    public boolean isDataRelative() {
        return content == null && !path.startsWith("/") && !path.startsWith("file:") && !isWindowsAbsolute(path);
    }

    private static boolean isWindowsAbsolute(String path) {
        return path.length() > 2 && path.charAt(1) == ':' && (path.charAt(2) == '\\' || path.charAt(2) == '/');
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileSplit that && path.equals(that.path) && rowCount == that.rowCount
                && java.util.Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(path, rowCount, java.util.Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "FileSplit[" + path + ", " + rowCount + " rows" + (content == null ? "" : ", " + content.length + " bytes inline") + "]";
    }

    /** The same partition read from {@code resolvedPath} (an absolute file the worker found it at). */
    public FileSplit withPath(String resolvedPath) {
        return new FileSplit(resolvedPath, rowCount, null);
    }
}
