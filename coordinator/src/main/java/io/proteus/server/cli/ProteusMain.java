package io.proteus.server.cli;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.plugin.LoadedPlugin;
import io.proteus.server.plugin.PluginLoadException;
import io.proteus.server.security.SecurityConfig;
import io.proteus.server.security.TlsSettings;
import io.proteus.server.security.UserDirectory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code bin/proteus} command line. */
@Command(name = "proteus", mixinStandardHelpOptions = true, version = "Proteus 0.1.0",
        description = "SQL query-as-a-service over serverless Arrow Flight workers.",
        subcommands = {ProteusMain.Local.class, ProteusMain.Coordinator.class, WorkerCommand.class, SqlCommand.class,
                TpcdsCommand.class, BenchCommand.class, FunctionCommand.class, HashPasswordCommand.class,
                NewTokenCommand.class})
public final class ProteusMain implements Callable<Integer> {

    public static void main(String[] arguments) {
        int exitCode = new CommandLine(new ProteusMain()).execute(arguments);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** {@code proteus local}: an embedded cluster in this JVM until SIGTERM or Ctrl-C. */
    @Command(name = "local", mixinStandardHelpOptions = true,
            description = "Run a coordinator and N workers in this JVM until SIGTERM or Ctrl-C.")
    static final class Local implements Callable<Integer> {
        @Option(names = "--flight-port", description = "Coordinator Flight SQL port (default ${DEFAULT-VALUE}).", defaultValue = "8815")
        int flightPort;

        @Option(names = "--http-port", description = "Coordinator HTTP port (default ${DEFAULT-VALUE}).", defaultValue = "8080")
        int httpPort;

        @Option(names = "--workers", description = "Number of workers (default ${DEFAULT-VALUE}).", defaultValue = "2")
        int workers;

        @Option(names = "--slots", description = "Function slots per worker (default: number of cores).")
        Integer slots;

        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SecurityConfig security = server.security(spec);
            LocalClusterConfig defaults = LocalClusterConfig.defaults();
            LocalClusterConfig config = new LocalClusterConfig(server.host, flightPort, httpPort, workers,
                    slots == null ? defaults.slotsPerWorker() : slots, defaults.workerMemoryBytes(),
                    server.dataDirectory(defaults), server.pluginDirectory());
            return runUntilStopped(spec, config, security, server.usersFile);
        }
    }

    /** {@code proteus coordinator}: a coordinator that worker processes register with, until SIGTERM or Ctrl-C. */
    @Command(name = "coordinator", mixinStandardHelpOptions = true,
            description = "Run a coordinator; worker processes (proteus worker --coordinator HOST:CLUSTER_PORT) join it.")
    static final class Coordinator implements Callable<Integer> {
        @Option(names = "--flight-port", description = "Flight SQL port for clients (default ${DEFAULT-VALUE}).", defaultValue = "8815")
        int flightPort;

        @Option(names = "--http-port", description = "HTTP port: console and API (default ${DEFAULT-VALUE}).", defaultValue = "8080")
        int httpPort;

        @Option(names = "--cluster-port", description = "Port where workers register and send heartbeats (default ${DEFAULT-VALUE}).",
                defaultValue = "8816")
        int clusterPort;

        @Option(names = "--workers", description = "Workers embedded in the coordinator's JVM as well (default ${DEFAULT-VALUE}).",
                defaultValue = "0")
        int workers;

        @Option(names = "--max-running-queries", description = "Queries running at once in the cluster; more wait in a "
                + "queue (default ${DEFAULT-VALUE}).", defaultValue = "" + LocalClusterConfig.DEFAULT_MAX_RUNNING_QUERIES)
        int maxRunningQueries;

        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SecurityConfig security = server.security(spec);
            LocalClusterConfig defaults = LocalClusterConfig.defaults();
            LocalClusterConfig config;
            try {
                config = new LocalClusterConfig(server.host, flightPort, httpPort, workers, defaults.slotsPerWorker(),
                        defaults.workerMemoryBytes(), server.dataDirectory(defaults), server.pluginDirectory(), clusterPort,
                        maxRunningQueries);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            return runUntilStopped(spec, config, security, server.usersFile);
        }
    }

    /** The options {@code local} and {@code coordinator} share: where to bind, data, plugins, users and TLS. */
    static final class ServerOptions {
        @Option(names = "--data-dir", description = "Where generated tables are cached (default ~/.proteus/data).")
        Path dataDirectory;

        @Option(names = "--host", description = "Address to bind (default ${DEFAULT-VALUE}); any other than loopback needs --users.",
                defaultValue = "127.0.0.1")
        String host;

        @Option(names = "--plugin-dir", paramLabel = "DIR",
                description = "Plugins to load at start-up: each jar (or each sub-directory of jars) in DIR is one plugin.")
        Path pluginDirectory;

        @Option(names = "--users", paramLabel = "FILE",
                description = "Users file (JSON, see docs/security.md); every endpoint then requires credentials.")
        Path usersFile;

        @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain: Flight SQL and HTTP use TLS.")
        Path tlsCertificate;

        @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) of --tls-cert.")
        Path tlsKey;

        Path dataDirectory(LocalClusterConfig defaults) {
            return dataDirectory == null ? defaults.dataDirectory() : dataDirectory;
        }

        Optional<Path> pluginDirectory() {
            return Optional.ofNullable(pluginDirectory);
        }

        SecurityConfig security(CommandLine.Model.CommandSpec spec) {
            if ((tlsCertificate == null) != (tlsKey == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
            }
            try {
                return new SecurityConfig(usersFile == null ? UserDirectory.none() : UserDirectory.load(usersFile),
                        tlsCertificate == null ? Optional.empty() : Optional.of(new TlsSettings(tlsCertificate, tlsKey)));
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    /** Starts the coordinator (and its embedded workers), prints where to reach it, and runs until SIGTERM or Ctrl-C. */
    private static int runUntilStopped(CommandLine.Model.CommandSpec spec, LocalClusterConfig config, SecurityConfig security,
            Path usersFile) throws InterruptedException, java.io.IOException {
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(config, security);
        } catch (PluginLoadException e) {
            System.err.println("proteus: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Shutting down Proteus...");
            cluster.close();
            stopped.countDown();
        }, "proteus-shutdown"));
        if (config.workers() > 0) {
            System.out.printf("Proteus is running: %d workers x %d slots, data in %s%n", config.workers(),
                    config.slotsPerWorker(), config.dataDirectory());
        } else {
            System.out.printf("Proteus coordinator is running, data in %s%n", config.dataDirectory());
        }
        if (cluster.clusterPort() >= 0) {
            System.out.println("Workers:  proteus worker --coordinator " + config.host() + ":" + cluster.clusterPort());
        }
        System.out.println("Console:  " + cluster.consoleUrl());
        System.out.println("JDBC URL: " + cluster.jdbcUrl() + "/tpcds/sf1");
        for (LoadedPlugin plugin : cluster.plugins()) {
            System.out.println("Plugin: " + plugin.describe());
        }
        System.out.println(security.authenticationRequired()
                ? "Authentication: required (users from " + usersFile + ")"
                : "Authentication: off (loopback only; --users FILE turns it on)");
        if (security.tls().isPresent()) {
            System.out.println("TLS: on for Flight SQL and HTTP");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
