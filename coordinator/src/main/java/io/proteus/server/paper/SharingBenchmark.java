package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.cluster.SlotSample;
import io.proteus.server.cluster.SlotTimeline;
import io.proteus.server.function.BackgroundFunctions;
import io.proteus.server.function.InvocationInfo;
import io.proteus.server.function.InvocationState;
import io.proteus.server.tpcds.QueryRun;
import io.proteus.server.tpcds.QueryRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The paper's Fig. 8: one TPC-DS query co-running with chains of background functions on an embedded cluster. The
 * query runs alone and shared, alternately, after a warm-up; during a shared run a load generator keeps a number of
 * background chains ({@code deflate -> inflate -> sha256} over random bytes) in flight through the background function
 * API, from a lead time before the query until a lead time after it. The global controller's slot allocation is
 * sampled 20 times a second into a per-second timeline (query, background, idle slots).
 */
public final class SharingBenchmark {

    /** The chain each background invocation runs. */
    public static final List<String> CHAIN = List.of("deflate", "inflate", "bench-hash");

    private static final int SAMPLES_PER_SECOND = 20;
    /** Rounds of one run alone and one shared before the measured ones. */
    private static final int WARM_UP_ROUNDS = 3;

    private final SharingSettings settings;
    private final PrintWriter out;

    public SharingBenchmark(SharingSettings settings, PrintWriter out) {
        this.settings = requireNonNull(settings, "settings");
        this.out = requireNonNull(out, "out");
    }

    public SharingReport run() throws IOException, SQLException, InterruptedException {
        Path pluginDirectory = Files.createTempDirectory("proteus-sharing-plugins");
        try {
            Files.copy(settings.pluginJar(), pluginDirectory.resolve(settings.pluginJar().getFileName()));
            LocalClusterConfig config = LocalClusterConfig.defaults().withPorts(0, 0).withWorkers(settings.workers())
                    .withSlotsPerWorker(settings.slotsPerWorker()).withDataDirectory(settings.dataDirectory())
                    .withPluginDirectory(pluginDirectory);
            out.printf(Locale.ROOT, "Starting an embedded cluster of %d workers x %d slots with the functions of %s%n",
                    settings.workers(), settings.slotsPerWorker(), settings.pluginJar().getFileName());
            out.flush();
            try (LocalCluster cluster = LocalCluster.start(config);
                    SlotTimeline timeline = SlotTimeline.start(cluster.controller()::reading, SAMPLES_PER_SECOND);
                    QueryRunner runner = new QueryRunner(settings.timeout());
                    Connection connection = DriverManager.getConnection(
                            cluster.jdbcUrl() + "/tpcds/" + settings.scale().schema())) {
                return measure(cluster, timeline, runner, connection);
            }
        } finally {
            try (Stream<Path> files = Files.list(pluginDirectory)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(pluginDirectory);
        }
    }

    private SharingReport measure(LocalCluster cluster, SlotTimeline timeline, QueryRunner runner, Connection connection)
            throws SQLException, InterruptedException {
        BackgroundFunctions functions = cluster.backgroundFunctions();
        functions.register("bench", "bench-hash", "sha256", Map.of("rounds", String.valueOf(settings.hashRounds())));
        String sql = QueryRunner.statementText(settings.query().replaceFirst("^q", ""));
        out.printf(Locale.ROOT, "Warm-up: %s at %s, then %d rounds alone and shared%n", settings.query(),
                settings.scale().schema(), WARM_UP_ROUNDS);
        out.flush();
        List<String> reference = completed(runner.run(connection, sql), "the warm-up run").rows();
        byte[] input = new byte[settings.inputBytes()];
        new Random(8).nextBytes(input);
        List<Double> alone = new ArrayList<>();
        List<Double> shared = new ArrayList<>();
        boolean rowsMatch = true;
        List<SlotSample> aloneTimeline = List.of();
        List<SlotSample> sharedTimeline = List.of();
        double[] aloneWindow = new double[2];
        double[] sharedWindow = new double[2];
        long lead = settings.leadTime().toMillis();
        java.util.function.BooleanSupplier backgroundIdle = () -> {
            var usage = cluster.controller().usage();
            return usage.backgroundSlots() == 0 && usage.backgroundStopping() == 0;
        };
        // Warm-up rounds, alone and shared, not measured: the first runs of each kind are slower (the JIT compiles the
        // query's operators and, in the first shared runs, the functions and their transport, on threads of normal
        // priority), and a single warm-up run of the query alone left that in the first measured rounds.
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            completed(runner.run(connection, sql), "warm-up round " + round + " alone");
            try (BackgroundLoad load = new BackgroundLoad(functions, input, settings.chains(), backgroundIdle)) {
                load.start();
                Thread.sleep(lead);
                rowsMatch &= completed(runner.run(connection, sql), "warm-up round " + round + " shared").rows()
                        .equals(reference);
            }
        }
        long finishedBefore = finishedChains(functions);
        long preemptionsBefore = cluster.controller().usage().preemptions();
        for (int run = 1; run <= settings.runs(); run++) {
            // Alone: the same lead time around the query, without background load. The timeline counts whole seconds,
            // so the window starts with a second of its own, not one the previous shared run's load was part of.
            Thread.sleep(1000 - Instant.now().toEpochMilli() % 1000);
            Instant windowStart = Instant.now();
            Thread.sleep(lead);
            Instant queryStart = Instant.now();
            QueryRun.Completed aloneRun = completed(runner.run(connection, sql), "run " + run + " alone");
            Instant queryEnd = Instant.now();
            Thread.sleep(lead);
            Instant windowEnd = Instant.now();
            alone.add(aloneRun.elapsed().toNanos() / 1e9);
            rowsMatch &= aloneRun.rows().equals(reference);
            aloneTimeline = window(timeline, windowStart, windowEnd);
            aloneWindow = new double[] {offset(windowStart, queryStart), offset(windowStart, queryEnd)};

            // Shared: background chains fill the slots from the lead time before the query to the lead time after it.
            try (BackgroundLoad load = new BackgroundLoad(functions, input, settings.chains(), backgroundIdle)) {
                windowStart = Instant.now();
                load.start();
                Thread.sleep(lead);
                queryStart = Instant.now();
                QueryRun.Completed sharedRun = completed(runner.run(connection, sql), "run " + run + " shared");
                queryEnd = Instant.now();
                Thread.sleep(lead);
                windowEnd = Instant.now();
                shared.add(sharedRun.elapsed().toNanos() / 1e9);
                rowsMatch &= sharedRun.rows().equals(reference);
            }
            sharedTimeline = window(timeline, windowStart, windowEnd);
            sharedWindow = new double[] {offset(windowStart, queryStart), offset(windowStart, queryEnd)};
            out.printf(Locale.ROOT, "run %d: alone %.3f s, shared %.3f s%n", run, alone.getLast(), shared.getLast());
            out.flush();
        }
        return new SharingReport(settings, alone, shared, aloneTimeline, sharedTimeline, aloneWindow, sharedWindow,
                finishedChains(functions) - finishedBefore, cluster.controller().usage().preemptions() - preemptionsBefore,
                rowsMatch);
    }

    /** The completed seconds of the timeline from the second of {@code start} to that of {@code end}. */
    private static List<SlotSample> window(SlotTimeline timeline, Instant start, Instant end) throws InterruptedException {
        Instant first = start.truncatedTo(ChronoUnit.SECONDS);
        Instant last = end.truncatedTo(ChronoUnit.SECONDS);
        // The second of `end` closes when the timeline's next sample falls into the following second.
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (timeline.samples().stream().noneMatch(sample -> !sample.time().isBefore(last))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return timeline.samples().stream()
                .filter(sample -> !sample.time().isBefore(first) && !sample.time().isAfter(last))
                .toList();
    }

    private static double offset(Instant windowStart, Instant time) {
        return Duration.between(windowStart.truncatedTo(ChronoUnit.SECONDS), time).toNanos() / 1e9;
    }

    private static long finishedChains(BackgroundFunctions functions) {
        return functions.invocations().stream().filter(invocation -> invocation.state() == InvocationState.FINISHED).count();
    }

    private static QueryRun.Completed completed(QueryRun run, String what) throws SQLException {
        return switch (run) {
            case QueryRun.Completed completed -> completed;
            case QueryRun.Failed failed -> throw new SQLException(what + " failed: " + failed.message());
        };
    }

    /** Keeps a number of background chains in flight until closed; closing cancels those still running. */
    private static final class BackgroundLoad implements AutoCloseable {
        private final BackgroundFunctions functions;
        private final byte[] input;
        private final int chains;
        private final AtomicBoolean running = new AtomicBoolean();
        private final List<String> invoked = new ArrayList<>();
        private final AtomicLong failures = new AtomicLong();
        private final java.util.function.BooleanSupplier backgroundIdle;
        private Thread thread;

        /** {@code backgroundIdle} tells when no background function holds a slot or is still stopping. */
        BackgroundLoad(BackgroundFunctions functions, byte[] input, int chains,
                java.util.function.BooleanSupplier backgroundIdle) {
            this.functions = functions;
            this.input = input;
            this.chains = chains;
            this.backgroundIdle = backgroundIdle;
        }

        void start() {
            running.set(true);
            thread = Thread.ofPlatform().name("sharing-background-load").daemon(true).start(this::generate);
        }

        private void generate() {
            List<String> inFlight = new ArrayList<>();
            while (running.get()) {
                inFlight.removeIf(id -> functions.invocation(id).map(InvocationInfo::state).map(InvocationState::done)
                        .orElse(true));
                while (inFlight.size() < chains && running.get()) {
                    try {
                        String id = functions.invoke("bench", CHAIN, input).invocationId();
                        inFlight.add(id);
                        synchronized (invoked) {
                            invoked.add(id);
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        break;
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join();
            }
            List<String> ids;
            synchronized (invoked) {
                ids = List.copyOf(invoked);
            }
            ids.forEach(functions::cancel);
            // Wait until the cancelled chains have given their slots back, so that the next run starts from idle.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ids.stream().anyMatch(id -> functions.invocation(id).map(info -> !info.state().done()).orElse(false))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // A cancelled invocation is done before its running call has stopped and given its slot back.
            while (!backgroundIdle.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }
}
