package io.proteus.server;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.TaskFunction;
import io.proteus.dataplane.Worker;
import io.proteus.dataplane.WorkerClient;
import io.proteus.dataplane.WorkerConfig;
import io.proteus.decision.BuiltInDecisionNodes;
import io.proteus.decision.DecisionThresholds;
import io.proteus.executor.TaskRunner;
import io.proteus.server.cluster.FlightWorkerEndpoint;
import io.proteus.server.cluster.MembershipServer;
import io.proteus.server.cluster.SlotTimeline;
import io.proteus.server.cluster.WorkerMembership;
import io.proteus.server.connector.SyntheticConnector;
import io.proteus.server.control.GlobalController;
import io.proteus.server.function.BackgroundFunctions;
import io.proteus.server.function.FunctionLibrary;
import io.proteus.server.connector.TpcdsConnector;
import io.proteus.server.execution.DecisionRegistry;
import io.proteus.server.flightsql.ProteusFlightSqlProducer;
import io.proteus.server.flightsql.SessionMiddleware;
import io.proteus.server.http.HttpApiServer;
import io.proteus.server.plugin.LoadedPlugin;
import io.proteus.server.plugin.PluginLoader;
import io.proteus.server.query.QueryManager;
import io.proteus.server.security.FlightAuthenticator;
import io.proteus.server.security.SecurityConfig;
import io.proteus.server.security.TlsSettings;
import io.proteus.server.synthetic.SyntheticDataStore;
import io.proteus.server.system.RuntimeTables;
import io.proteus.server.system.SystemConnector;
import io.proteus.server.worker.TableFileResolver;
import io.proteus.spi.decision.DecisionNode;
import io.proteus.sql.LogicalOptimizer;
import io.proteus.sql.SqlFrontend;
import io.proteus.sql.catalog.Connector;
import io.proteus.tpcds.TpcdsDataStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Proteus coordinator (Flight SQL endpoint, planner, private controllers) with its workers. N workers may be embedded
 * in the coordinator's JVM ({@code bin/proteus local}), each a real Arrow Flight server with its own function slots,
 * all sharing the process's one root allocator; they listen on loopback only. With a cluster port
 * ({@code bin/proteus coordinator}), worker processes on this or other hosts register there and join the
 * {@link WorkerMembership} while queries run. The coordinator's Flight SQL endpoint and HTTP server (console and API)
 * listen on the configured host, with authentication and TLS as the {@link SecurityConfig} says.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    private final LocalClusterConfig config;
    private final BufferAllocator rootAllocator;
    private final BufferAllocator coordinatorAllocator;
    private final BufferAllocator dataAllocator;
    private final TpcdsDataStore dataStore;
    private final BufferAllocator syntheticAllocator;
    private final SyntheticConnector syntheticConnector;
    private final SystemConnector systemConnector;
    private final List<LoadedPlugin> plugins;
    private final List<Worker> workers;
    private final List<FlightWorkerEndpoint> endpoints;
    private final TableFileResolver tableFiles;
    private final WorkerMembership membership;
    private final MembershipServer membershipServer;
    private final QueryManager queryManager;
    private final BackgroundFunctions functions;
    private final ProteusFlightSqlProducer producer;
    private final FlightServer flightServer;
    private final SlotTimeline timeline;
    private final HttpApiServer httpServer;
    private final SecurityConfig security;

    private LocalCluster(LocalClusterConfig config, BufferAllocator rootAllocator, BufferAllocator coordinatorAllocator,
            BufferAllocator dataAllocator, TpcdsDataStore dataStore, BufferAllocator syntheticAllocator,
            SyntheticConnector syntheticConnector, SystemConnector systemConnector, List<LoadedPlugin> plugins,
            List<Worker> workers, List<FlightWorkerEndpoint> endpoints, TableFileResolver tableFiles,
            WorkerMembership membership, MembershipServer membershipServer, QueryManager queryManager,
            BackgroundFunctions functions, ProteusFlightSqlProducer producer, FlightServer flightServer, SlotTimeline timeline,
            HttpApiServer httpServer,
            SecurityConfig security) {
        this.config = config;
        this.rootAllocator = rootAllocator;
        this.coordinatorAllocator = coordinatorAllocator;
        this.dataAllocator = dataAllocator;
        this.dataStore = dataStore;
        this.syntheticAllocator = syntheticAllocator;
        this.syntheticConnector = syntheticConnector;
        this.systemConnector = systemConnector;
        this.plugins = List.copyOf(plugins);
        this.workers = workers;
        this.endpoints = endpoints;
        this.tableFiles = tableFiles;
        this.membership = membership;
        this.membershipServer = membershipServer;
        this.queryManager = queryManager;
        this.functions = functions;
        this.producer = producer;
        this.flightServer = flightServer;
        this.timeline = timeline;
        this.httpServer = httpServer;
        this.security = security;
    }

    /**
     * Starts the workers and the coordinator without authentication or TLS (loopback only); returns once the
     * coordinator accepts connections.
     */
    public static LocalCluster start(LocalClusterConfig config) throws IOException {
        return start(config, SecurityConfig.none());
    }

    /**
     * Starts the workers and the coordinator with the given users and TLS settings. Without users the coordinator
     * must listen on a loopback address: anything else would leave every endpoint open.
     */
    public static LocalCluster start(LocalClusterConfig config, SecurityConfig security) throws IOException {
        requireNonNull(config, "config");
        requireNonNull(security, "security");
        if (!security.authenticationRequired() && !isLoopback(config.host())) {
            throw new IllegalArgumentException("listening on " + config.host() + " without users would let anyone in; "
                    + "configure users (--users FILE, see docs/security.md) or listen on 127.0.0.1");
        }
        BufferAllocator root = new RootAllocator(Long.MAX_VALUE);
        List<Worker> workers = new ArrayList<>();
        List<FlightWorkerEndpoint> endpoints = new ArrayList<>();
        BufferAllocator coordinatorAllocator = null;
        BufferAllocator dataAllocator = null;
        TpcdsDataStore dataStore = null;
        BufferAllocator syntheticAllocator = null;
        SystemConnector systemConnector = null;
        TableFileResolver tableFiles = null;
        WorkerMembership membership = null;
        MembershipServer membershipServer = null;
        // Plugins load first: a broken one stops the start-up before anything else is started.
        List<LoadedPlugin> plugins = config.pluginDirectory().map(PluginLoader::load).orElse(List.of());
        List<DecisionNode> builtInNodes = BuiltInDecisionNodes.create(DecisionThresholds.defaults());
        PluginLoader.checkNamesAgainst(plugins, builtInNodes);
        try {
            dataAllocator = root.newChildAllocator("tpcds-generator", 0, Long.MAX_VALUE);
            dataStore = new TpcdsDataStore(config.dataDirectory(), dataAllocator);
            syntheticAllocator = root.newChildAllocator("synthetic-generator", 0, Long.MAX_VALUE);
            SyntheticConnector syntheticConnector = new SyntheticConnector(
                    new SyntheticDataStore(config.dataDirectory(), syntheticAllocator));
            TaskRunner runner = new TaskRunner();
            // Embedded workers share the coordinator's data directory and generators.
            TpcdsDataStore tpcds = dataStore;
            tableFiles = new TableFileResolver(runner::run, config.dataDirectory(), () -> tpcds,
                    syntheticConnector::dataStore);
            TaskFunction function = tableFiles;
            // Every worker runs the background functions of the plugins (in this JVM, the same loaded classes).
            FunctionLibrary library = FunctionLibrary.of(plugins);
            for (int i = 0; i < config.workers(); i++) {
                // The workers share this process's root allocator: they read each other's buffers in place.
                Worker worker = Worker.start(new WorkerConfig("worker-" + i, LOOPBACK, 0, config.slotsPerWorker(),
                        config.workerMemoryBytes()), root, function, library.runner(), true);
                workers.add(worker);
            }
            coordinatorAllocator = root.newChildAllocator("coordinator", 0, Long.MAX_VALUE);
            membership = new WorkerMembership(coordinatorAllocator, HEARTBEAT_INTERVAL, MEMBER_TIMEOUT);
            for (Worker worker : workers) {
                FlightWorkerEndpoint endpoint = new FlightWorkerEndpoint(worker.workerId(), config.slotsPerWorker(),
                        new WorkerClient(worker.address(), coordinatorAllocator));
                endpoints.add(endpoint);
                membership.addEmbedded(endpoint, worker::status);
            }
            if (config.clusterPort() >= 0) {
                membershipServer = MembershipServer.start(config.host(), config.clusterPort(), membership,
                        coordinatorAllocator);
            }
            // The system catalog reads the query manager and the Flight address, which exist only further down.
            AtomicReference<QueryManager> queries = new AtomicReference<>();
            AtomicReference<String> coordinatorAddress = new AtomicReference<>(config.host());
            WorkerMembership cluster = membership;
            systemConnector = new SystemConnector(RuntimeTables.create(coordinatorAddress::get, cluster,
                    () -> queries.get() == null ? List.of() : queries.get().queries()), coordinatorAllocator);
            List<Connector> connectors = List.of(new TpcdsConnector(dataStore), syntheticConnector, systemConnector);
            SqlFrontend frontend = new SqlFrontend(connectors, LogicalOptimizer.standard()
                    .withExtraRules(plugins.stream().flatMap(plugin -> plugin.plannerRules().stream()).toList()));
            DecisionRegistry registry = new DecisionRegistry(builtInNodes)
                    .plus(plugins.stream().flatMap(plugin -> plugin.decisionNodes().stream()).toList());
            // Embedded workers split their budget among their slots; worker processes bound a task by their own budget.
            long taskMemory = config.workers() > 0 ? Math.max(64L << 20, config.workerMemoryBytes() / config.slotsPerWorker()) : 0;
            // Embedded workers share this machine's cores; worker processes (config.workers() == 0) have their own.
            GlobalController controller = config.workers() > 0
                    ? new GlobalController(cluster, Runtime.getRuntime().availableProcessors())
                    : new GlobalController(cluster);
            QueryManager queryManager = new QueryManager(frontend, controller, registry, coordinatorAllocator, taskMemory,
                    security.users(), config.maxRunningQueries());
            BackgroundFunctions functions = new BackgroundFunctions(library, controller);
            queries.set(queryManager);
            membership.reportActiveQueries(queryManager::runningQueryIds);
            ProteusFlightSqlProducer producer = new ProteusFlightSqlProducer(queryManager, connectors, coordinatorAllocator, "tpcds", "tiny");
            FlightServer server = flightServer(config, security, coordinatorAllocator, producer);
            coordinatorAddress.set(config.host() + ":" + server.getPort());
            SlotTimeline timeline = SlotTimeline.start(controller::reading);
            HttpApiServer httpServer;
            try {
                httpServer = HttpApiServer.start(config.host(), config.httpPort(), queryManager, functions, timeline,
                        security, "tpcds", "tiny");
            } catch (IOException | RuntimeException e) {
                timeline.close();
                functions.close();
                try {
                    server.close();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
            return new LocalCluster(config, root, coordinatorAllocator, dataAllocator, dataStore, syntheticAllocator,
                    syntheticConnector, systemConnector, plugins, workers, endpoints, tableFiles, membership,
                    membershipServer, queryManager, functions, producer, server, timeline, httpServer, security);
        } catch (IOException | RuntimeException e) {
            if (membershipServer != null) {
                membershipServer.close();
            }
            if (membership != null) {
                membership.close();
            }
            endpoints.forEach(FlightWorkerEndpoint::close);
            workers.forEach(Worker::close);
            if (tableFiles != null) {
                tableFiles.close();
            }
            if (systemConnector != null) {
                systemConnector.close();
            }
            if (dataStore != null) {
                dataStore.close();
            }
            if (dataAllocator != null) {
                dataAllocator.close();
            }
            if (syntheticAllocator != null) {
                syntheticAllocator.close();
            }
            if (coordinatorAllocator != null) {
                coordinatorAllocator.close();
            }
            root.close();
            throw e;
        }
    }

    private static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();
    /** How often worker processes send heartbeats. */
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** After how long without a heartbeat a worker process is marked dead. */
    private static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(5);

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
    }

    private static FlightServer flightServer(LocalClusterConfig config, SecurityConfig security, BufferAllocator allocator,
            ProteusFlightSqlProducer producer) throws IOException {
        Location location = security.tls().isPresent()
                ? Location.forGrpcTls(config.host(), config.flightPort())
                : Location.forGrpcInsecure(config.host(), config.flightPort());
        FlightServer.Builder builder = FlightServer.builder(allocator, location, producer)
                .middleware(SessionMiddleware.KEY, new SessionMiddleware.Factory());
        if (security.tls().isPresent()) {
            TlsSettings tls = security.tls().get();
            builder.useTls(tls.certificateChain().toFile(), tls.privateKey().toFile());
        }
        if (security.authenticationRequired()) {
            builder.headerAuthenticator(new FlightAuthenticator(security.users()));
        }
        try {
            return builder.build().start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot start the Flight SQL endpoint on " + config.host() + ":" + config.flightPort()
                    + ": " + e.getMessage(), e);
        }
    }

    public int flightPort() {
        return flightServer.getPort();
    }

    public String host() {
        return config.host();
    }

    /** The URL for the Proteus JDBC driver. */
    public String jdbcUrl() {
        return "jdbc:proteus://" + config.host() + ":" + flightPort();
    }

    public int httpPort() {
        return httpServer.port();
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8080/console/}. */
    public String consoleUrl() {
        return (httpServer.tls() ? "https" : "http") + "://" + config.host() + ":" + httpPort() + "/console/";
    }

    /** The users and TLS settings the cluster runs with. */
    public SecurityConfig security() {
        return security;
    }

    public QueryManager queryManager() {
        return queryManager;
    }

    /** The global controller that shares the slots among queries and background functions. */
    public GlobalController controller() {
        return queryManager.controller();
    }

    /** The background function API (registrations and invocations). */
    public BackgroundFunctions backgroundFunctions() {
        return functions;
    }

    /** The per-second slot allocation the console shows. */
    public SlotTimeline slotTimeline() {
        return timeline;
    }

    public TpcdsDataStore dataStore() {
        return dataStore;
    }

    /** The {@code synthetic} catalog, whose tables of any size can be declared (generated) before querying them. */
    public SyntheticConnector syntheticConnector() {
        return syntheticConnector;
    }

    /** The plugins loaded at start-up, in load order. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** The embedded workers. */
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** The live membership: embedded workers and registered worker processes. */
    public WorkerMembership membership() {
        return membership;
    }

    /** The port worker processes register at, or -1 without a cluster endpoint. */
    public int clusterPort() {
        return membershipServer == null ? -1 : membershipServer.port();
    }

    /** Bytes currently allocated in the whole process (all workers, coordinator, generator). */
    public long allocatedBytes() {
        return rootAllocator.getAllocatedMemory();
    }

    /** Stops the coordinator and the workers and verifies that no Arrow memory leaked. */
    @Override
    public void close() {
        httpServer.close();
        timeline.close();
        functions.close();
        queryManager.close();
        producer.close();
        try {
            flightServer.shutdown();
            flightServer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flightServer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (membershipServer != null) {
            membershipServer.close();
        }
        membership.close();
        endpoints.forEach(FlightWorkerEndpoint::close);
        workers.forEach(Worker::close);
        tableFiles.close();
        systemConnector.close();
        dataStore.close();
        dataAllocator.close();
        syntheticAllocator.close();
        coordinatorAllocator.close();
        long leaked = rootAllocator.getAllocatedMemory();
        if (leaked != 0) {
            String detail = rootAllocator.toVerboseString();
            LOG.error("Arrow memory leaked at shutdown: {} bytes\n{}", leaked, detail);
            throw new IllegalStateException("Arrow memory leaked at shutdown: " + leaked + " bytes");
        }
        rootAllocator.close();
    }
}
