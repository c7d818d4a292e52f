package io.proteus.server.worker;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.proteus.dataplane.Worker;
import io.proteus.dataplane.WorkerAddresses;
import io.proteus.dataplane.WorkerConfig;
import io.proteus.dataplane.WorkerStatus;
import io.proteus.executor.TaskRunner;
import io.proteus.executor.task.TaskCodec;
import io.proteus.server.cluster.HeartbeatReply;
import io.proteus.server.cluster.MembershipServer;
import io.proteus.server.cluster.WorkerHeartbeat;
import io.proteus.server.function.FunctionLibrary;
import io.proteus.server.plugin.PluginLoader;
import io.proteus.server.synthetic.SyntheticDataStore;
import io.proteus.tpcds.TpcdsDataStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker in its own process: a Flight {@link Worker} that runs the executor's operators, registers with the
 * coordinator and sends it a heartbeat (its slots, memory and running functions) every interval the coordinator asks
 * for. It keeps trying while the coordinator is unreachable, so workers and coordinator may start in any order and a
 * restarted coordinator gets its workers back. Optionally it answers HTTP health probes: {@code /health} while it
 * runs, {@code /ready} once the coordinator has accepted its latest heartbeat.
 *
 * <p>One root allocator for the process; the worker's allocator (limited to the memory budget) and the table
 * generators' allocators are its children. Closing checks that nothing leaked.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    private static final Duration INITIAL_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    private final WorkerProcessConfig config;
    private final String incarnation = UUID.randomUUID().toString();
    private final BufferAllocator root;
    private final BufferAllocator generatorAllocator;
    private final LazyStores stores;
    private final TableFileResolver resolver;
    private final Worker worker;
    private final String advertisedAddress;
    private final FlightClient coordinator;
    private final ScheduledExecutorService heartbeats;
    private final HttpServer health;
    private volatile boolean registered;
    private volatile String lastHeartbeatError;
    private volatile boolean shuttingDown;
    private volatile long heartbeatIntervalMillis = INITIAL_HEARTBEAT_INTERVAL.toMillis();
    /** Queries this worker held output of that the coordinator's latest reply did not list as running. */
    private java.util.Set<String> unlistedQueries = java.util.Set.of();

    private WorkerProcess(WorkerProcessConfig config) throws IOException {
        this.config = config;
        this.root = new RootAllocator(Long.MAX_VALUE);
        BufferAllocator generators = null;
        TableFileResolver tableFiles = null;
        Worker started = null;
        FlightClient client = null;
        try {
            generators = root.newChildAllocator("table-generator", 0, Long.MAX_VALUE);
            this.stores = new LazyStores(config.dataDirectory(), generators);
            TaskRunner runner = new TaskRunner();
            tableFiles = new TableFileResolver(runner::run, config.dataDirectory(), stores::tpcds, stores::synthetic);
            // Background functions of the plugins run in this worker's slots; a plugin that cannot load stops the
            // worker at start-up (PluginLoadException), never a call later.
            FunctionLibrary functions = FunctionLibrary.of(config.pluginDirectory().map(PluginLoader::load).orElse(List.of()));
            WorkerConfig workerConfig = new WorkerConfig(config.nodeId(), config.host(), config.port(), config.slots(),
                    config.memoryBytes());
            started = Worker.start(config.sharedMemoryDirectory().map(workerConfig::withSharedMemory).orElse(workerConfig),
                    root, tableFiles, functions.runner());
            client = WorkerAddresses.client(root, config.coordinatorAddress());
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            if (tableFiles != null) {
                tableFiles.close();
            }
            if (generators != null) {
                generators.close();
            }
            root.close();
            throw e;
        }
        this.generatorAllocator = generators;
        this.resolver = tableFiles;
        this.worker = started;
        this.advertisedAddress = WorkerAddresses.format(config.advertiseAddress(), started.port());
        this.coordinator = client;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("proteus-heartbeat").daemon(true).factory());
        this.health = config.healthPort() < 0 ? null : startHealthServer(config.healthPort());
    }

    /** Starts the worker and its heartbeats; returns at once, before the coordinator has answered. */
    public static WorkerProcess start(WorkerProcessConfig config) throws IOException {
        WorkerProcess process = new WorkerProcess(requireNonNull(config, "config"));
        process.heartbeats.execute(process::heartbeatLoop);
        return process;
    }

    public String nodeId() {
        return config.nodeId();
    }

    /** {@code host:port} the worker is reached at, as it registers. */
    public String advertisedAddress() {
        return advertisedAddress;
    }

    public int port() {
        return worker.port();
    }

    /** Whether the coordinator accepted the latest heartbeat. */
    public boolean registered() {
        return registered;
    }

    public WorkerStatus status() {
        return worker.status();
    }

    private void heartbeatLoop() {
        if (heartbeats.isShutdown()) {
            return;
        }
        sendHeartbeat();
        try {
            heartbeats.schedule(this::heartbeatLoop, heartbeatIntervalMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down.
        }
    }

    private void sendHeartbeat() {
        WorkerHeartbeat heartbeat = new WorkerHeartbeat(config.nodeId(), advertisedAddress, incarnation, shuttingDown,
                worker.status());
        try {
            Iterator<Result> results = coordinator.doAction(new Action(MembershipServer.HEARTBEAT, TaskCodec.encode(heartbeat)),
                    CallOptions.timeout(HEARTBEAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            HeartbeatReply reply = null;
            while (results.hasNext()) {
                reply = TaskCodec.decode(results.next().getBody(), HeartbeatReply.class);
            }
            if (reply != null && reply.heartbeatIntervalMillis() > 0) {
                heartbeatIntervalMillis = reply.heartbeatIntervalMillis();
            }
            if (reply != null && reply.activeQueryIds() != null) {
                releaseEndedQueries(reply.activeQueryIds());
            }
            if (!registered) {
                LOG.info("Worker {} registered with the coordinator at {}", config.nodeId(), config.coordinatorAddress());
            }
            registered = true;
            lastHeartbeatError = null;
        } catch (RuntimeException e) {
            // Said once per kind of failure: a coordinator that is still starting is not worth a line per second.
            if (!String.valueOf(e.getMessage()).equals(lastHeartbeatError)) {
                LOG.warn("Worker {} cannot register with the coordinator at {}: {}", config.nodeId(),
                        config.coordinatorAddress(), e.getMessage());
                lastHeartbeatError = String.valueOf(e.getMessage());
            }
            registered = false;
        }
    }

    /**
     * Drops the output of queries the coordinator no longer runs. The coordinator releases a query on every member when
     * it ends; a worker that was taken for dead meanwhile (a long pause) missed that. A query is dropped only when two
     * replies in a row leave it out, since a query may start, and send this worker tasks, while a reply is on its way.
     */
    private void releaseEndedQueries(java.util.List<String> activeQueryIds) {
        java.util.Set<String> unlisted = new java.util.HashSet<>(worker.bufferStore().queryIds());
        unlisted.removeAll(activeQueryIds);
        for (String queryId : unlisted) {
            if (unlistedQueries.contains(queryId)) {
                LOG.info("Worker {} drops the output of ended query {}", config.nodeId(), queryId);
                worker.server().releaseQuery(queryId);
            }
        }
        unlistedQueries = unlisted;
    }

    private HttpServer startHealthServer(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), port), 0);
        server.createContext("/health", exchange -> answer(exchange, 200, TaskCodec.encode(worker.status())));
        server.createContext("/ready", exchange -> {
            boolean ready = registered && !shuttingDown;
            answer(exchange, ready ? 200 : 503, (ready ? "ready" : "not registered with the coordinator yet")
                    .getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().name("proteus-health").daemon(true).factory()));
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The port of the health endpoint, or -1. */
    public int healthPort() {
        return health == null ? -1 : health.getAddress().getPort();
    }

    /**
     * Leaves the cluster: tells the coordinator it is shutting down (it gets no new tasks), lets running tasks finish,
     * stops, and checks that no Arrow memory leaked.
     */
    @Override
    public void close() {
        shuttingDown = true;
        heartbeats.shutdownNow();
        try {
            heartbeats.awaitTermination(HEARTBEAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sendHeartbeat();
        if (health != null) {
            health.stop(0);
        }
        RuntimeException failure = null;
        try {
            worker.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            coordinator.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        resolver.close();
        stores.close();
        generatorAllocator.close();
        long leaked = root.getAllocatedMemory();
        if (leaked != 0 && failure == null) {
            failure = new IllegalStateException("Arrow memory leaked at shutdown: " + leaked + " bytes");
        }
        root.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** The table generators, made on first use only: most workers read tables that already exist. */
    private static final class LazyStores implements AutoCloseable {
        private final java.nio.file.Path dataDirectory;
        private final BufferAllocator allocator;
        private TpcdsDataStore tpcds;
        private SyntheticDataStore synthetic;

        LazyStores(java.nio.file.Path dataDirectory, BufferAllocator allocator) {
            this.dataDirectory = dataDirectory;
            this.allocator = allocator;
        }

        synchronized TpcdsDataStore tpcds() {
            if (tpcds == null) {
                tpcds = new TpcdsDataStore(dataDirectory, allocator);
            }
            return tpcds;
        }

        synchronized SyntheticDataStore synthetic() {
            if (synthetic == null) {
                synthetic = new SyntheticDataStore(dataDirectory, allocator);
            }
            return synthetic;
        }

        @Override
        public synchronized void close() {
            if (tpcds != null) {
                tpcds.close();
            }
        }
    }
}
