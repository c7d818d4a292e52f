package io.proteus.tpcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableManifestTest {

    private static final Map<String, String> IDENTITY = Map.of("generator", "test-1", "table", "t");

    @Test
    void readsBackWhatWasWrittenWithAbsolutePathsInTheDirectory(@TempDir Path directory) throws Exception {
        List<TablePartition> partitions = List.of(partition(directory, 0, "a", 3, 10), partition(directory, 1, "b", 0, 4));
        TableManifest.write(directory, IDENTITY, partitions, "test");

        assertThat(TableManifest.read(directory, IDENTITY)).contains(partitions);
        assertThat(Files.readString(directory.resolve(TableManifest.FILE_NAME))).contains("rows=3").contains("partitions=2");
    }

    @Test
    void anotherIdentityOrAChangedFileIsNoManifest(@TempDir Path directory) throws Exception {
        assertThat(TableManifest.read(directory, IDENTITY)).isEmpty();
        TablePartition partition = partition(directory, 0, "a", 5, 8);
        TableManifest.write(directory, IDENTITY, List.of(partition), "test");

        assertThat(TableManifest.read(directory, Map.of("generator", "test-2", "table", "t"))).isEmpty();
        assertThat(TableManifest.read(directory, Map.of("generator", "test-1", "table", "t", "schema", "s"))).isEmpty();
        Files.write(partition.file(), new byte[7]);
        assertThat(TableManifest.read(directory, IDENTITY)).isEmpty();
        Files.delete(partition.file());
        assertThat(TableManifest.read(directory, IDENTITY)).isEmpty();
    }

    @Test
    void malformedOrEmptyManifestsAreNoManifest(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve(TableManifest.FILE_NAME), "generator=test-1\ntable=t\npartitions=two\n");
        assertThat(TableManifest.read(directory, IDENTITY)).isEmpty();
        Files.writeString(directory.resolve(TableManifest.FILE_NAME), "generator=test-1\ntable=t\npartitions=0\n");
        assertThat(TableManifest.read(directory, IDENTITY)).isEmpty();
        Files.writeString(directory.resolve(TableManifest.FILE_NAME),
                "generator=test-1\ntable=t\npartitions=1\npartition.0.file=../x\npartition.0.rows=1\npartition.0.bytes=0\n");
        Files.write(directory.resolveSibling("x"), new byte[0]);
        assertThat(TableManifest.read(directory, IDENTITY)).isEmpty();
    }

    private static TablePartition partition(Path directory, int index, String name, long rows, int bytes) throws Exception {
        Path file = Files.write(directory.resolve(name + ".arrow"), new byte[bytes]);
        return new TablePartition(index, file, rows, bytes);
    }
}
