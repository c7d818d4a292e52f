package io.proteus.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.dataplane.WorkerStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator's live membership: join by heartbeat, leave by silence, restart, shutdown, and probing. */
class WorkerMembershipTest {

    private BufferAllocator allocator;
    private WorkerMembership membership;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        allocator = new RootAllocator();
        membership = new WorkerMembership(allocator, Duration.ofMillis(100), Duration.ofMillis(1500));
        membership.addListener(new Cluster.Listener() {
            @Override
            public void workerJoined(WorkerEndpoint worker) {
                events.add("joined " + worker.workerId());
            }

            @Override
            public void workerLeft(String workerId, String reason) {
                events.add("left " + workerId + ": " + reason);
            }
        });
    }

    @AfterEach
    void stop() {
        membership.close();
        allocator.close();
    }

    @Test
    void aHeartbeatRegistersAndSilenceRemoves() throws Exception {
        HeartbeatReply reply = membership.heartbeat(heartbeat("w1", "incarnation-1", false, 1));
        assertThat(reply.heartbeatIntervalMillis()).isEqualTo(100);
        assertThat(reply.activeQueryIds()).as("not reported unless the coordinator says").isNull();
        membership.reportActiveQueries(() -> List.of("q1"));
        assertThat(membership.heartbeat(heartbeat("w1", "incarnation-1", false, 1)).activeQueryIds()).containsExactly("q1");
        assertThat(membership.workers()).extracting(WorkerEndpoint::workerId).containsExactly("w1");
        // Its load is what it reported, without asking it.
        assertThat(membership.status().freeSlots()).isEqualTo(3);
        assertThat(membership.nodes()).singleElement().satisfies(node -> assertThat(node.state()).isEqualTo(WorkerNode.ACTIVE));
        WorkerEndpoint endpoint = membership.worker("w1");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (membership.isAlive("w1") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(membership.workers()).isEmpty();
        assertThat(events).containsExactly("joined w1", "left w1: no heartbeat for 1500 ms");
        assertThatThrownBy(() -> membership.worker("w1")).isInstanceOf(WorkerLostException.class);
        assertThat(endpoint.runTask(null)).failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(WorkerLostException.class);
    }

    @Test
    void aRestartedWorkerReplacesTheOldOneAndALeavingWorkerGetsNoTasks() throws Exception {
        membership.heartbeat(heartbeat("w1", "incarnation-1", false, 1));
        membership.heartbeat(heartbeat("w1", "incarnation-2", false, 1));
        assertThat(events).containsExactly("joined w1", "left w1: it restarted (a new process registered with the same id)",
                "joined w1");
        membership.heartbeat(heartbeat("w1", "incarnation-2", true, 1));
        assertThat(membership.workers()).isEmpty();
        assertThat(membership.nodes()).singleElement()
                .satisfies(node -> assertThat(node.state()).isEqualTo(WorkerNode.SHUTTING_DOWN));
    }

    @Test
    void aWorkerThatDoesNotAnswerAProbeIsRemovedAtOnce() throws Exception {
        // Heartbeats would not time out during this test: the probe alone removes the worker.
        membership.close();
        membership = new WorkerMembership(allocator, Duration.ofSeconds(10), Duration.ofSeconds(60));
        membership.addListener(new Cluster.Listener() {
            @Override
            public void workerJoined(WorkerEndpoint worker) {
                events.add("joined " + worker.workerId());
            }

            @Override
            public void workerLeft(String workerId, String reason) {
                events.add("left " + workerId + ": " + reason);
            }
        });
        membership.heartbeat(heartbeat("w1", "incarnation-1", false, closedPort()));
        assertThat(membership.confirmAlive("w1")).isFalse();
        assertThat(membership.isAlive("w1")).isFalse();
        assertThat(events).hasSize(2).last().asString().startsWith("left w1: it did not answer a status probe");
    }

    @Test
    void anEmbeddedWorkerReportsItsLoadInProcessAndStaysWhenSilent() throws Exception {
        // The endpoint's client points at a closed port: any call to the worker would fail.
        String address = "127.0.0.1:" + closedPort();
        java.util.concurrent.atomic.AtomicLong allocated = new java.util.concurrent.atomic.AtomicLong(10);
        FlightWorkerEndpoint endpoint = new FlightWorkerEndpoint("embedded-0", 4,
                new io.proteus.dataplane.WorkerClient(address, allocator));
        try {
            membership.addEmbedded(endpoint, () -> new WorkerStatus("embedded-0", address, 4, 1, 0, allocated.get(), 1000, 0,
                    List.of()));
            assertThat(membership.status().workers()).singleElement()
                    .satisfies(slots -> assertThat(slots.memoryUsedBytes()).isEqualTo(10));
            allocated.set(700);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (membership.status().workers().getFirst().memoryUsedBytes() != 700 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(membership.status().workers()).singleElement().satisfies(slots -> {
                assertThat(slots.memoryUsedBytes()).as("refreshed like a heartbeat").isEqualTo(700);
                assertThat(slots.freeSlots()).isEqualTo(3);
            });
            // No heartbeats ever came, and yet it stays a member (past the 1.5 s member time-out).
            Thread.sleep(1700);
            assertThat(membership.isAlive("embedded-0")).isTrue();
            assertThat(events).containsExactly("joined embedded-0");
        } finally {
            endpoint.close();
        }
    }

    private static WorkerHeartbeat heartbeat(String workerId, String incarnation, boolean shuttingDown, int port) {
        String address = "127.0.0.1:" + port;
        return new WorkerHeartbeat(workerId, address, incarnation, shuttingDown,
                new WorkerStatus(workerId, address, 4, 1, 0, 10, 1000, 0, List.of("q/s0/t0/a0")));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
