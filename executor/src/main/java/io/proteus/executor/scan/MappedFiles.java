package io.proteus.executor.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process-wide cache of read-only memory mappings of table files. Table files are immutable and read by many tasks
 * and queries, so keeping them mapped lets later scans read resident pages without copying or page faults. A mapping is
 * identified by path, size and modification time; when a file changes, its stale mapping is dropped from the cache (and
 * unmapped by the garbage collector once no buffer slice refers to it).
 */
final class MappedFiles {

    private record Key(Path path, long size, long modified) {
    }

    private static final ConcurrentHashMap<Path, Mapping> MAPPINGS = new ConcurrentHashMap<>();

    /** A mapping and the key it was made for. */
    private record Mapping(Key key, MemorySegment segment) {
    }

    private MappedFiles() {
    }

    /** The mapping of the whole file behind {@code channel}, shared with every other reader of the same file. */
    static MemorySegment map(Path path, FileChannel channel) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Key key = new Key(absolute, channel.size(), Files.getLastModifiedTime(path).toMillis());
        try {
            return MAPPINGS.compute(absolute, (ignored, existing) -> {
                if (existing != null && existing.key().equals(key)) {
                    return existing;
                }
                try {
                    // Arena.ofAuto: unmapped by the garbage collector once neither the cache nor a buffer refers to it.
                    return new Mapping(key, channel.map(FileChannel.MapMode.READ_ONLY, 0, key.size(), Arena.ofAuto()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).segment();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
