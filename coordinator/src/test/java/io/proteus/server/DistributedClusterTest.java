package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.server.cluster.WorkerNode;
import io.proteus.server.query.QueryInfo;
import io.proteus.server.query.QueryState;
import io.proteus.tpcds.AnswerComparison;
import io.proteus.tpcds.TpcdsQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A coordinator with no embedded worker and two worker processes (separate JVMs started from the built class path)
 * that register over loopback: both are listed in {@code system.runtime.nodes}, TPC-DS queries at SF1 return the
 * shipped answers, eight concurrent JDBC clients all get correct answers while admission queues the queries beyond
 * the cluster's limit, cancelling a query or dropping its client frees every worker, and a worker killed with
 * {@code kill -9} in the middle of a query is detected, its work is re-run on the remaining worker, and the query still
 * returns the right answer; so does a worker that stops answering (SIGSTOP) without closing its connections, found by
 * its missing heartbeats, and a worker restarted under the same id. When the last worker dies, the query fails with an error saying so. Closing the coordinator fails the test if any of its Arrow memory leaked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedClusterTest {

    private static final int MAX_RUNNING_QUERIES = 4;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final List<ForkedProcess> workers = new ArrayList<>();
    private LocalCluster coordinator;
    private Path dataDirectory;

    @BeforeAll
    void start() throws Exception {
        dataDirectory = TestDataDirectory.path();
        coordinator = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withClusterPort(0).withWorkers(0)
                .withMaxRunningQueries(MAX_RUNNING_QUERIES).withDataDirectory(dataDirectory));
        workers.add(startWorker("worker-a"));
        workers.add(startWorker("worker-b"));
        awaitWorkers(List.of("worker-a", "worker-b"));
    }

    private ForkedProcess startWorker(String nodeId) throws Exception {
        return ForkedProcess.start(nodeId, "768m", List.of("worker", "--coordinator", "127.0.0.1:" + coordinator.clusterPort(),
                "--node-id", nodeId, "--slots", "2", "--memory", "3g", "--data-dir", dataDirectory.toString()));
    }

    private void awaitWorkers(List<String> nodeIds) throws InterruptedException {
        workers.getLast().await("registration of " + nodeIds, JOIN_TIMEOUT, () -> coordinator.membership().workers().stream()
                .map(WorkerEndpoint::workerId).sorted().toList().equals(nodeIds.stream().sorted().toList()));
    }

    @AfterAll
    void stop() throws Exception {
        for (ForkedProcess worker : workers) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(coordinator.jdbcUrl() + "/tpcds/sf1");
    }

    @Test
    @Order(1)
    void nodesTableListsTheCoordinatorAndBothWorkerProcesses() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT node_id, address, coordinator, state, slots, memory_limit_bytes "
                        + "FROM system.runtime.nodes ORDER BY node_id")) {
            List<String> nodes = new ArrayList<>();
            while (rows.next()) {
                nodes.add(rows.getString(1) + "|" + rows.getBoolean(3) + "|" + rows.getString(4) + "|" + rows.getInt(5)
                        + "|" + rows.getObject(6));
                if (!rows.getBoolean(3)) {
                    assertThat(rows.getString(2)).startsWith("127.0.0.1:");
                }
            }
            assertThat(nodes).containsExactly("coordinator|true|active|0|null", "worker-a|false|active|2|3221225472",
                    "worker-b|false|active|2|3221225472");
        }
    }

    @Test
    @Order(2)
    void tpcdsQueriesMatchTheAnswersAcrossWorkerProcesses() throws Exception {
        try (Connection connection = connect()) {
            for (String name : List.of("03", "07", "19", "42", "55", "96")) {
                assertThat(run(connection, name)).as("TPC-DS query %s", name).isEmpty();
            }
        }
        java.nio.file.Path devShm = java.nio.file.Path.of("/dev/shm");
        if (!java.nio.file.Files.isDirectory(devShm)) {
            // No shared memory on this host: the worker processes exchanged their data over Flight.
            assertThat(coordinator.queryManager().queries().stream().mapToLong(QueryInfo::bytesShuffled).sum()).isPositive();
            return;
        }
        // The two worker processes (of one host) exchanged their data through shared memory, none of it over Flight:
        // before they did, these queries moved data over the network between them.
        assertThat(coordinator.queryManager().queries().stream().mapToLong(QueryInfo::bytesShuffled).sum()).isZero();
        assertThat(coordinator.queryManager().queries().stream().mapToLong(QueryInfo::bytesSharedLocally).sum()).isPositive();
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(devShm)) {
            assertThat(left.filter(file -> file.getFileName().toString().startsWith("proteus-exchange-"))).isEmpty();
        }
    }

    @Test
    @Order(3)
    void eightConcurrentClientsGetCorrectAnswersAndExcessQueriesWaitInTheQueue() throws Exception {
        List<String> queries = List.of("03", "07", "19", "42", "52", "55", "96", "43");
        int queuedBefore = coordinator.queryManager().queriesQueuedSoFar();
        AtomicBoolean sampling = new AtomicBoolean(true);
        List<QueryState> seenStates = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (sampling.get()) {
                coordinator.queryManager().queries().forEach(info -> seenStates.add(info.state()));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> outcomes = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                int first = client;
                Callable<List<String>> work = () -> {
                    List<String> differences = new ArrayList<>();
                    try (Connection connection = connect()) {
                        for (int round = 0; round < 2; round++) {
                            String name = queries.get((first + round * 3) % queries.size());
                            run(connection, name).ifPresent(difference -> differences.add(name + ": " + difference));
                        }
                    }
                    return differences;
                };
                outcomes.add(clients.submit(work));
            }
            for (Future<List<String>> outcome : outcomes) {
                assertThat(outcome.get(5, TimeUnit.MINUTES)).isEmpty();
            }
        } finally {
            clients.shutdownNow();
            sampling.set(false);
            sampler.join();
        }
        // 16 queries from 8 clients with at most 4 running: the rest waited in the queue instead of failing.
        assertThat(coordinator.queryManager().queriesQueuedSoFar() - queuedBefore).isPositive();
        assertThat(seenStates).contains(QueryState.QUEUED);
    }

    @Test
    @Order(4)
    void cancellingAQueryOrDroppingItsClientFreesSlotsAndMemoryOnEveryWorker() throws Exception {
        String longQuery = sql("72");
        // Cancelled through the coordinator (as the console and the HTTP API do).
        try (Connection connection = connect()) {
            Future<?> query = startQuery(connection, longQuery);
            QueryInfo running = awaitRunningWithFinishedStages(longQuery, 2);
            assertThat(coordinator.queryManager().cancel(running.queryId(), "the test cancels it")).isTrue();
            try {
                query.get(2, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException expected) {
                assertThat(expected.getCause()).hasMessageContaining("cancel");
            }
            awaitWorkersIdle();
            assertThat(coordinator.queryManager().queryInfo(running.queryId()).orElseThrow().state())
                    .isEqualTo(QueryState.CANCELLED);
        }
        // The client goes away: its connection closes in the middle of the query.
        Connection dropped = connect();
        startQuery(dropped, longQuery);
        QueryInfo running = awaitRunningWithFinishedStages(longQuery, 2);
        dropped.close();
        awaitWorkersIdle();
        awaitState(running.queryId(), QueryState.CANCELLED);
    }

    @Test
    @Order(5)
    void workerKilledMidQueryIsDetectedAndItsWorkRerunSoTheAnswerIsStillCorrect() throws Exception {
        String name = "72";
        String sql = sql(name);
        try (Connection connection = connect()) {
            ExecutorService client = Executors.newSingleThreadExecutor();
            try {
                Future<Optional<String>> outcome = client.submit(() -> run(connection, name));
                QueryInfo running = awaitRunningWithFinishedStages(sql, 2);
                ForkedProcess victim = workers.get(1);
                victim.kill();
                long killed = System.nanoTime();
                assertThat(coordinator.queryManager().queryInfo(running.queryId()).orElseThrow().state())
                        .as("the kill happened while the query ran").isEqualTo(QueryState.RUNNING);
                assertThat(outcome.get(5, TimeUnit.MINUTES)).as("answer of query %s after a worker was killed", name).isEmpty();
                // Detected within seconds: by the failed calls at once, by missing heartbeats at the latest.
                workers.getFirst().await("detection of the dead worker", Duration.ofSeconds(10),
                        () -> coordinator.membership().find("worker-b").isEmpty());
                assertThat(System.nanoTime() - killed).isLessThan(Duration.ofSeconds(60).toNanos());
                QueryInfo finished = coordinator.queryManager().queryInfo(running.queryId()).orElseThrow();
                assertThat(finished.state()).isEqualTo(QueryState.FINISHED);
                assertThat(finished.stages()).as("stages re-run after the loss")
                        .anyMatch(stage -> stage.label().contains("worker lost"));
            } finally {
                client.shutdownNow();
            }
        }
        assertThat(coordinator.membership().nodes()).extracting(WorkerNode::workerId).containsExactly("worker-a");
        // A new worker joins while the cluster runs and takes work again.
        workers.add(startWorker("worker-c"));
        awaitWorkers(List.of("worker-a", "worker-c"));
        try (Connection connection = connect()) {
            assertThat(run(connection, "42")).isEmpty();
        }
    }

    @Test
    @Order(6)
    void workerRestartedUnderTheSameIdMidQueryHoldsNothingOfBeforeAndTheAnswerIsStillCorrect() throws Exception {
        // As a Kubernetes StatefulSet restarts a killed pod under its name: the new process is a new member.
        String name = "72";
        String sql = sql(name);
        try (Connection connection = connect()) {
            ExecutorService client = Executors.newSingleThreadExecutor();
            try {
                Future<Optional<String>> outcome = client.submit(() -> run(connection, name));
                QueryInfo running = awaitRunningWithFinishedStages(sql, 2);
                // The old process stops answering (its heartbeats stop too) and a new one registers under its id,
                // usually before the old one's heartbeats time out: the new member replaces it.
                ForkedProcess old = workers.removeLast();
                old.signal("STOP");
                try {
                    workers.add(startWorker("worker-c"));
                    assertThat(outcome.get(5, TimeUnit.MINUTES)).as("answer of query %s across a restart", name).isEmpty();
                } finally {
                    old.kill();
                }
                assertThat(coordinator.queryManager().queryInfo(running.queryId()).orElseThrow().state())
                        .isEqualTo(QueryState.FINISHED);
            } finally {
                client.shutdownNow();
            }
        }
        awaitWorkers(List.of("worker-a", "worker-c"));
        try (Connection connection = connect()) {
            assertThat(run(connection, "42")).isEmpty();
        }
    }

    @Test
    @Order(7)
    void workerThatStopsAnsweringMidQueryIsDroppedAfterItsHeartbeatsStop() throws Exception {
        // SIGSTOP: the process keeps its connections open but answers nothing, like a host cut off by the network.
        String name = "72";
        String sql = sql(name);
        ForkedProcess frozen = workers.getLast();
        try (Connection connection = connect()) {
            ExecutorService client = Executors.newSingleThreadExecutor();
            try {
                Future<Optional<String>> outcome = client.submit(() -> run(connection, name));
                QueryInfo running = awaitRunningWithFinishedStages(sql, 2);
                frozen.signal("STOP");
                assertThat(coordinator.queryManager().queryInfo(running.queryId()).orElseThrow().state())
                        .isEqualTo(QueryState.RUNNING);
                assertThat(outcome.get(5, TimeUnit.MINUTES)).as("answer of query %s after a worker froze", name).isEmpty();
                assertThat(coordinator.membership().find("worker-c")).isEmpty();
                assertThat(coordinator.queryManager().queryInfo(running.queryId()).orElseThrow().stages())
                        .anyMatch(stage -> stage.label().contains("worker lost"));
            } finally {
                client.shutdownNow();
                frozen.kill();
            }
        }
    }

    @Test
    @Order(8)
    void losingTheLastWorkerFailsTheQueryWithAClearErrorInsteadOfAPartialResult() throws Exception {
        String sql = sql("72");
        ForkedProcess last = workers.getFirst();
        try (Connection connection = connect()) {
            Future<?> query = startQuery(connection, sql);
            QueryInfo running = awaitRunningWithFinishedStages(sql, 2);
            last.kill();
            assertThatThrownBy(() -> query.get(5, TimeUnit.MINUTES)).hasCauseInstanceOf(SQLException.class)
                    .hasMessageContaining("no worker is left");
            awaitState(running.queryId(), QueryState.FAILED);
        }
        assertThat(coordinator.membership().workers()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static String sql(String name) {
        String sql = TpcdsQueries.query(name).strip();
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }

    /** Runs a TPC-DS query; the difference from its SF1 answer, or empty when it matches. */
    private static Optional<String> run(Connection connection, String name) throws SQLException {
        List<String> expected = TpcdsQueries.answerLines("sf1", name).orElseThrow();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql(name))) {
            return AnswerComparison.difference(AnswerComparison.answerRows(expected), AnswerComparison.readRows(resultSet));
        }
    }

    private static Future<?> startQuery(Connection connection, String sql) {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            return executor.submit(() -> {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        // Drained.
                    }
                }
                return null;
            });
        } finally {
            executor.shutdown();
        }
    }

    /** Waits until a query with this text runs and has finished some stages, so that its outputs live on the workers. */
    private QueryInfo awaitRunningWithFinishedStages(String sql, int stages) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (QueryInfo info : coordinator.queryManager().queries()) {
                if (info.sql().equals(sql) && info.state() == QueryState.RUNNING
                        && coordinator.queryManager().progress(info.queryId()).map(progress -> progress.stagesFinished() >= stages)
                                .orElse(false)) {
                    return info;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the query did not get to " + stages + " finished stages");
    }

    private void awaitState(String queryId, QueryState state) throws InterruptedException {
        workers.getFirst().await("query " + queryId + " " + state, Duration.ofSeconds(30),
                () -> coordinator.queryManager().queryInfo(queryId).map(info -> info.state() == state).orElse(false));
    }

    /** Waits until every worker reports no busy slot, no queued task, no buffer and no Arrow memory. */
    private void awaitWorkersIdle() throws InterruptedException {
        workers.getFirst().await("every worker idle", Duration.ofSeconds(30), () -> coordinator.membership().workers().stream()
                .allMatch(worker -> {
                    var status = ((io.proteus.server.cluster.FlightWorkerEndpoint) worker).probe(Duration.ofSeconds(5));
                    return status.busySlots() == 0 && status.queuedTasks() == 0 && status.bufferBytesHeld() == 0
                            && status.memoryAllocatedBytes() == 0;
                }));
    }
}
