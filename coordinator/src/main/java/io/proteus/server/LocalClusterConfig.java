package io.proteus.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Settings of an embedded cluster: the coordinator's address and ports (0 picks a free port), the number of workers,
 * function slots and memory per worker, and the data directory where generated tables are cached.
 */
public record LocalClusterConfig(String host, int flightPort, int httpPort, int workers, int slotsPerWorker,
        long workerMemoryBytes, Path dataDirectory) {

    public LocalClusterConfig {
        requireNonNull(host, "host");
        requireNonNull(dataDirectory, "dataDirectory");
        if (workers < 1 || slotsPerWorker < 1) {
            throw new IllegalArgumentException("a cluster needs at least one worker with one slot");
        }
    }

    /** Defaults: loopback, two workers, one slot per core each, 4 GiB per worker, data under ~/.proteus/data. */
    public static LocalClusterConfig defaults() {
        return new LocalClusterConfig("127.0.0.1", 8815, 8080, 2, Math.max(1, Runtime.getRuntime().availableProcessors()),
                4L << 30, Path.of(System.getProperty("user.home"), ".proteus", "data"));
    }

    public LocalClusterConfig withPorts(int newFlightPort, int newHttpPort) {
        return new LocalClusterConfig(host, newFlightPort, newHttpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory);
    }

    public LocalClusterConfig withWorkers(int newWorkers) {
        return new LocalClusterConfig(host, flightPort, httpPort, newWorkers, slotsPerWorker, workerMemoryBytes, dataDirectory);
    }

    public LocalClusterConfig withDataDirectory(Path newDataDirectory) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, newDataDirectory);
    }

    public LocalClusterConfig withHost(String newHost) {
        return new LocalClusterConfig(newHost, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory);
    }

    public LocalClusterConfig withSlotsPerWorker(int newSlots) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, newSlots, workerMemoryBytes, dataDirectory);
    }
}
