package io.proteus.server;

import java.nio.file.Path;

/**
 * Where the tests keep generated TPC-DS data between runs: {@code -Dproteus.test.dataDir}, or
 * {@code proteus-test-data} in the temporary directory. Generating SF1 once takes about half a minute.
 */
public final class TestDataDirectory {

    private TestDataDirectory() {
    }

    public static Path path() {
        return Path.of(System.getProperty("proteus.test.dataDir",
                Path.of(System.getProperty("java.io.tmpdir"), "proteus-test-data").toString()));
    }
}
