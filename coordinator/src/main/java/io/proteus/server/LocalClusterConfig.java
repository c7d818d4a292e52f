package io.proteus.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of an embedded cluster: the coordinator's address and ports (0 picks a free port), the number of workers,
 * function slots and memory per worker, and the data directory where generated tables are cached.
 */
public record LocalClusterConfig(String host, int flightPort, int httpPort, int workers, int slotsPerWorker,
        long workerMemoryBytes, Path dataDirectory, Optional<Path> pluginDirectory) {

    public LocalClusterConfig {
        requireNonNull(host, "host");
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(pluginDirectory, "pluginDirectory");
        if (workers < 1 || slotsPerWorker < 1) {
            throw new IllegalArgumentException("a cluster needs at least one worker with one slot");
        }
    }

    /** Defaults: loopback, two workers, one slot per core each, 4 GiB per worker, data under ~/.proteus/data. */
    public static LocalClusterConfig defaults() {
        return new LocalClusterConfig("127.0.0.1", 8815, 8080, 2, Math.max(1, Runtime.getRuntime().availableProcessors()),
                4L << 30, Path.of(System.getProperty("user.home"), ".proteus", "data"), Optional.empty());
    }

    public LocalClusterConfig withPorts(int newFlightPort, int newHttpPort) {
        return new LocalClusterConfig(host, newFlightPort, newHttpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory, pluginDirectory);
    }

    public LocalClusterConfig withWorkers(int newWorkers) {
        return new LocalClusterConfig(host, flightPort, httpPort, newWorkers, slotsPerWorker, workerMemoryBytes, dataDirectory, pluginDirectory);
    }

    public LocalClusterConfig withDataDirectory(Path newDataDirectory) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, newDataDirectory, pluginDirectory);
    }

    public LocalClusterConfig withHost(String newHost) {
        return new LocalClusterConfig(newHost, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory, pluginDirectory);
    }

    public LocalClusterConfig withSlotsPerWorker(int newSlots) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, newSlots, workerMemoryBytes, dataDirectory, pluginDirectory);
    }

    /** A directory of plugin jars (each jar, or each sub-directory of jars, is one plugin) loaded at start-up. */
    public LocalClusterConfig withPluginDirectory(Path newPluginDirectory) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory,
                Optional.of(newPluginDirectory));
    }
}
