package io.proteus.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of a coordinator and its embedded workers: the coordinator's address and ports (0 picks a free port), the
 * number of workers in the coordinator's JVM, function slots and memory per embedded worker, the data directory where
 * generated tables are cached, the plugins, the port of the cluster endpoint where worker processes register (-1: none,
 * only embedded workers) and the number of queries that run at once in the whole cluster (more wait in a queue).
 */
public record LocalClusterConfig(String host, int flightPort, int httpPort, int workers, int slotsPerWorker,
        long workerMemoryBytes, Path dataDirectory, Optional<Path> pluginDirectory, int clusterPort,
        int maxRunningQueries) {

    /** Queries that run at once by default; the rest wait in the queue. */
    public static final int DEFAULT_MAX_RUNNING_QUERIES = 16;

    public LocalClusterConfig {
        requireNonNull(host, "host");
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(pluginDirectory, "pluginDirectory");
        if (workers < 0 || slotsPerWorker < 1) {
            throw new IllegalArgumentException("workers need at least one slot");
        }
        if (workers == 0 && clusterPort < 0) {
            throw new IllegalArgumentException("a cluster needs at least one worker: embedded, or worker processes "
                    + "registering at the cluster port");
        }
        if (maxRunningQueries < 1) {
            throw new IllegalArgumentException("at least one query must be allowed to run");
        }
    }

    /** Settings without a cluster endpoint and with the default limit of running queries. */
    public LocalClusterConfig(String host, int flightPort, int httpPort, int workers, int slotsPerWorker,
            long workerMemoryBytes, Path dataDirectory, Optional<Path> pluginDirectory) {
        this(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory, pluginDirectory, -1,
                DEFAULT_MAX_RUNNING_QUERIES);
    }

    /** Defaults: loopback, two workers, one slot per core each, 4 GiB per worker, data under ~/.proteus/data. */
    public static LocalClusterConfig defaults() {
        return new LocalClusterConfig("127.0.0.1", 8815, 8080, 2, Math.max(1, Runtime.getRuntime().availableProcessors()),
                4L << 30, Path.of(System.getProperty("user.home"), ".proteus", "data"), Optional.empty());
    }

    public LocalClusterConfig withPorts(int newFlightPort, int newHttpPort) {
        return new LocalClusterConfig(host, newFlightPort, newHttpPort, workers, slotsPerWorker, workerMemoryBytes,
                dataDirectory, pluginDirectory, clusterPort, maxRunningQueries);
    }

    public LocalClusterConfig withWorkers(int newWorkers) {
        return new LocalClusterConfig(host, flightPort, httpPort, newWorkers, slotsPerWorker, workerMemoryBytes,
                dataDirectory, pluginDirectory, clusterPort, maxRunningQueries);
    }

    public LocalClusterConfig withDataDirectory(Path newDataDirectory) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes,
                newDataDirectory, pluginDirectory, clusterPort, maxRunningQueries);
    }

    public LocalClusterConfig withHost(String newHost) {
        return new LocalClusterConfig(newHost, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes,
                dataDirectory, pluginDirectory, clusterPort, maxRunningQueries);
    }

    public LocalClusterConfig withSlotsPerWorker(int newSlots) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, newSlots, workerMemoryBytes, dataDirectory,
                pluginDirectory, clusterPort, maxRunningQueries);
    }

    /** The memory budget of each embedded worker. */
    public LocalClusterConfig withWorkerMemoryBytes(long newWorkerMemoryBytes) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, newWorkerMemoryBytes,
                dataDirectory, pluginDirectory, clusterPort, maxRunningQueries);
    }

    /** A directory of plugin jars (each jar, or each sub-directory of jars, is one plugin) loaded at start-up. */
    public LocalClusterConfig withPluginDirectory(Path newPluginDirectory) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory,
                Optional.of(newPluginDirectory), clusterPort, maxRunningQueries);
    }

    /** Opens the cluster endpoint on this port (0 picks a free one) for worker processes to register at. */
    public LocalClusterConfig withClusterPort(int newClusterPort) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory,
                pluginDirectory, newClusterPort, maxRunningQueries);
    }

    /** How many queries run at once in the whole cluster; further queries wait in the queue (state QUEUED). */
    public LocalClusterConfig withMaxRunningQueries(int newMaxRunningQueries) {
        return new LocalClusterConfig(host, flightPort, httpPort, workers, slotsPerWorker, workerMemoryBytes, dataDirectory,
                pluginDirectory, clusterPort, newMaxRunningQueries);
    }
}
