package io.proteus.server.cli;

import io.proteus.server.plugin.PluginLoadException;
import io.proteus.server.worker.WorkerProcess;
import io.proteus.server.worker.WorkerProcessConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code proteus worker}: a worker process that joins a coordinator, until SIGTERM or Ctrl-C. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker that registers with a coordinator and runs its functions.")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT",
            description = "The coordinator's cluster endpoint (its --cluster-port, 8816 by default).")
    String coordinator;

    @Option(names = "--port", description = "Flight port of this worker (default ${DEFAULT-VALUE}: a free port).",
            defaultValue = "0")
    int port;

    @Option(names = "--host", description = "Address to bind (default: 127.0.0.1, or 0.0.0.0 with --advertise-address).")
    String host;

    @Option(names = "--advertise-address", paramLabel = "HOST",
            description = "The address the coordinator and other workers reach this worker at (default: --host).")
    String advertiseAddress;

    @Option(names = "--node-id", description = "This worker's id in the cluster (default: worker-HOST-PORT).")
    String nodeId;

    @Option(names = "--slots", description = "Function slots (default: number of cores).")
    Integer slots;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory budget for Arrow data, e.g. 512m, 4g "
            + "(default ${DEFAULT-VALUE}); a query that needs more fails with \\\"memory limit exceeded\\\".",
            defaultValue = "4g")
    String memory;

    @Option(names = "--data-dir", description = "Where this worker finds (or generates) the tables' files "
            + "(default ~/.proteus/data); see docs/deploy.md.")
    Path dataDirectory;

    @Option(names = "--health-port", description = "HTTP port answering /health and /ready (default: none).",
            defaultValue = "-1")
    int healthPort;

    @Option(names = "--shared-memory-dir", paramLabel = "DIR",
            description = "Where this worker exchanges data with the worker processes of its host through memory-mapped "
                    + "Arrow files instead of Flight (default: /dev/shm where the host has it; 'none' for Flight only).")
    String sharedMemoryDirectory;

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Plugins whose background functions this worker runs: the same jars as the coordinator's "
                    + "--plugin-dir (default: none).")
    Path pluginDirectory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Optional<Path> sharedMemoryDirectory() {
        if (sharedMemoryDirectory == null) {
            Path devShm = Path.of("/dev/shm");
            return Files.isDirectory(devShm) && Files.isWritable(devShm)
                    ? Optional.of(devShm) : Optional.empty();
        }
        if (sharedMemoryDirectory.equals("none")) {
            return Optional.empty();
        }
        Path directory = Path.of(sharedMemoryDirectory);
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--shared-memory-dir " + directory + " is not a directory");
        }
        return Optional.of(directory);
    }

    @Override
    public Integer call() throws Exception {
        long memoryBytes;
        try {
            memoryBytes = parseSize(memory);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String bind = host != null ? host : advertiseAddress != null ? "0.0.0.0" : "127.0.0.1";
        String advertised = advertiseAddress != null ? advertiseAddress
                : bind.equals("0.0.0.0") ? InetAddress.getLocalHost().getHostAddress() : bind;
        Path data = dataDirectory != null ? dataDirectory : Path.of(System.getProperty("user.home"), ".proteus", "data");
        int workerSlots = slots != null ? slots : Math.max(1, Runtime.getRuntime().availableProcessors());
        WorkerProcess process;
        try {
            // With port 0 the id is settled once the port is known; a fixed port gives a fixed id at once.
            process = WorkerProcess.start(new WorkerProcessConfig(coordinator, nodeId != null ? nodeId : defaultNodeId(advertised),
                    bind, port, advertised, workerSlots, memoryBytes, data, healthPort, Optional.ofNullable(pluginDirectory),
                    sharedMemoryDirectory()));
        } catch (PluginLoadException e) {
            System.err.println("proteus: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Worker " + process.nodeId() + " is leaving the cluster...");
            process.close();
            stopped.countDown();
        }, "proteus-worker-shutdown"));
        System.out.printf("Proteus worker %s is running at %s: %d slots, %s of memory, data in %s%n", process.nodeId(),
                process.advertisedAddress(), workerSlots, memory, data);
        System.out.println("Coordinator: " + coordinator);
        if (process.healthPort() >= 0) {
            System.out.println("Health:      http://" + bind + ":" + process.healthPort() + "/health and /ready");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    private String defaultNodeId(String advertised) {
        return "worker-" + advertised + "-" + (port == 0 ? Long.toString(ProcessHandle.current().pid()) : Integer.toString(port));
    }

    /** Bytes of a size such as {@code 512m}, {@code 4g}, {@code 64MiB} or a plain number of bytes. */
    static long parseSize(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (!value.isEmpty()) {
            switch (value.charAt(value.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String number = unit == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long amount = Long.parseLong(number.trim());
            if (amount <= 0) {
                throw new IllegalArgumentException("a memory size must be positive: " + text);
            }
            return Math.multiplyExact(amount, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a memory size: '" + text + "' (examples: 512m, 4g)");
        }
    }
}
