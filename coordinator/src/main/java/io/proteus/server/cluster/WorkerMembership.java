package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.WorkerClient;
import io.proteus.dataplane.WorkerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live membership of the cluster, kept by the coordinator. Embedded workers (in the coordinator's JVM) are members
 * for as long as the coordinator runs; worker processes join with their first heartbeat ({@link #heartbeat}), and a
 * worker whose heartbeats stop for {@link #memberTimeout()} is marked dead and removed: its running tasks fail at
 * once with {@link WorkerLostException}, and the private controllers of the affected queries re-run the lost work.
 * A failure that a lost worker may explain is checked at once with {@link #confirmAlive}, which probes the worker.
 *
 * <p>Listeners ({@link Cluster.Listener}) hear of every join and departure. Thread-safe.
 */
public final class WorkerMembership implements Cluster, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMembership.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final BufferAllocator allocator;
    private final Duration heartbeatInterval;
    private final Duration memberTimeout;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sweeper;
    /** Threads closing the clients of departed workers; {@link #close()} waits for them. */
    private final List<Thread> closers = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Supplier<java.util.Collection<String>> activeQueries = () -> null;

    private static final class Member {
        final FlightWorkerEndpoint endpoint;
        final String incarnation;
        final boolean embedded;
        /** How an embedded worker reports its load (in-process, instead of heartbeats); null for worker processes. */
        final Supplier<WorkerStatus> embeddedStatus;
        volatile long lastHeartbeatNanos;
        volatile boolean shuttingDown;

        Member(FlightWorkerEndpoint endpoint, String incarnation, Supplier<WorkerStatus> embeddedStatus) {
            this.endpoint = endpoint;
            this.incarnation = incarnation;
            this.embedded = embeddedStatus != null;
            this.embeddedStatus = embeddedStatus;
            this.lastHeartbeatNanos = System.nanoTime();
        }
    }

    /**
     * @param allocator the coordinator's allocator; clients of worker processes receive fetched data into it
     * @param heartbeatInterval how often worker processes are asked to send heartbeats
     * @param memberTimeout after how long without a heartbeat a worker process is marked dead
     */
    public WorkerMembership(BufferAllocator allocator, Duration heartbeatInterval, Duration memberTimeout) {
        this.allocator = requireNonNull(allocator, "allocator");
        this.heartbeatInterval = requireNonNull(heartbeatInterval, "heartbeatInterval");
        this.memberTimeout = requireNonNull(memberTimeout, "memberTimeout");
        if (memberTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("the member timeout must be longer than the heartbeat interval");
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("proteus-membership").daemon(true).factory());
        long period = Math.max(50, heartbeatInterval.toMillis() / 4);
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration memberTimeout() {
        return memberTimeout;
    }

    /**
     * Tells the workers in every heartbeat reply which queries run, so that each drops what it still holds of others.
     */
    public void reportActiveQueries(java.util.function.Supplier<java.util.Collection<String>> queries) {
        this.activeQueries = requireNonNull(queries, "queries");
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * Adds a worker of the coordinator's own JVM; it stays a member until {@link #close()}. Like a worker process's
     * heartbeats, {@code status} reports its load: read at once, then refreshed as often as the membership checks
     * heartbeats, so that decisions read the load without a call to the worker each time.
     */
    public void addEmbedded(FlightWorkerEndpoint endpoint, Supplier<WorkerStatus> status) {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(status, "status");
        endpoint.reportStatus(status.get());
        synchronized (members) {
            if (members.containsKey(endpoint.workerId())) {
                throw new IllegalArgumentException("duplicate worker id " + endpoint.workerId());
            }
            members.put(endpoint.workerId(), new Member(endpoint, "embedded", status));
        }
        listeners.forEach(listener -> listener.workerJoined(endpoint));
    }

    /**
     * Registers a worker process (first heartbeat) or refreshes it. A heartbeat with a new incarnation replaces the
     * member of that id: the old process is gone, and so is everything it held.
     */
    public HeartbeatReply heartbeat(WorkerHeartbeat heartbeat) {
        requireNonNull(heartbeat, "heartbeat");
        FlightWorkerEndpoint joined = null;
        Member replaced = null;
        synchronized (members) {
            Member member = members.get(heartbeat.workerId());
            if (member != null && member.embedded) {
                throw new IllegalArgumentException("worker id " + heartbeat.workerId() + " is taken by an embedded worker");
            }
            if (member != null && (!member.incarnation.equals(heartbeat.incarnation())
                    || !member.endpoint.address().equals(heartbeat.address()))) {
                replaced = members.remove(heartbeat.workerId());
                member = null;
            }
            if (member == null) {
                FlightWorkerEndpoint endpoint = new FlightWorkerEndpoint(heartbeat.workerId(),
                        heartbeat.status().totalSlots(), new WorkerClient(heartbeat.address(), allocator));
                member = new Member(endpoint, heartbeat.incarnation(), null);
                members.put(heartbeat.workerId(), member);
                joined = endpoint;
            }
            member.endpoint.reportStatus(heartbeat.status());
            member.lastHeartbeatNanos = System.nanoTime();
            member.shuttingDown = heartbeat.shuttingDown();
        }
        if (replaced != null) {
            departed(replaced, "it restarted (a new process registered with the same id)");
        }
        if (joined != null) {
            LOG.info("Worker {} joined at {} with {} slots", heartbeat.workerId(), heartbeat.address(),
                    heartbeat.status().totalSlots());
            FlightWorkerEndpoint worker = joined;
            listeners.forEach(listener -> listener.workerJoined(worker));
        }
        java.util.Collection<String> active = activeQueries.get();
        return new HeartbeatReply(heartbeatInterval.toMillis(), memberTimeout.toMillis(),
                active == null ? null : List.copyOf(active));
    }

    @Override
    public List<WorkerEndpoint> workers() {
        synchronized (members) {
            List<WorkerEndpoint> workers = new ArrayList<>(members.size());
            members.values().stream().filter(member -> !member.shuttingDown).forEach(member -> workers.add(member.endpoint));
            return workers;
        }
    }

    @Override
    public Optional<WorkerEndpoint> find(String workerId) {
        synchronized (members) {
            Member member = members.get(workerId);
            return member == null ? Optional.empty() : Optional.of(member.endpoint);
        }
    }

    @Override
    public List<WorkerNode> nodes() {
        List<Member> snapshot;
        synchronized (members) {
            snapshot = List.copyOf(members.values());
        }
        List<WorkerNode> nodes = new ArrayList<>();
        for (Member member : snapshot) {
            try {
                nodes.add(new WorkerNode(member.endpoint.workerId(), member.endpoint.address(),
                        member.shuttingDown ? WorkerNode.SHUTTING_DOWN : WorkerNode.ACTIVE, member.endpoint.status()));
            } catch (RuntimeException e) {
                // An embedded worker that cannot answer is shutting down with the coordinator.
                LOG.debug("cannot read the status of worker {}", member.endpoint.workerId(), e);
            }
        }
        return nodes;
    }

    @Override
    public boolean confirmAlive(String workerId) {
        Member member;
        synchronized (members) {
            member = members.get(workerId);
        }
        if (member == null) {
            return false;
        }
        if (member.embedded) {
            return true;
        }
        try {
            member.endpoint.probe(PROBE_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            remove(member, "it did not answer a status probe (" + e.getMessage() + ")");
            return false;
        }
    }

    /** Refreshes the load of embedded workers and removes worker processes whose heartbeats stopped. */
    private void sweep() {
        long now = System.nanoTime();
        List<Member> silent = new ArrayList<>();
        List<Member> embedded = new ArrayList<>();
        synchronized (members) {
            for (Member member : members.values()) {
                if (member.embedded) {
                    embedded.add(member);
                } else if (now - member.lastHeartbeatNanos > memberTimeout.toNanos()) {
                    silent.add(member);
                }
            }
        }
        for (Member member : embedded) {
            try {
                member.endpoint.reportStatus(member.embeddedStatus.get());
            } catch (RuntimeException e) {
                // An embedded worker that cannot report is shutting down with the coordinator; keep its last report.
            }
        }
        silent.forEach(member -> remove(member, "no heartbeat for " + memberTimeout.toMillis() + " ms"));
    }

    private void remove(Member member, String reason) {
        synchronized (members) {
            if (members.get(member.endpoint.workerId()) != member) {
                return;
            }
            members.remove(member.endpoint.workerId());
        }
        departed(member, reason);
    }

    private void departed(Member member, String reason) {
        LOG.warn("Worker {} at {} left the cluster: {}", member.endpoint.workerId(), member.endpoint.address(), reason);
        member.endpoint.markLost(reason);
        listeners.forEach(listener -> listener.workerLeft(member.endpoint.workerId(), reason));
        // Closed in the background: closing a Flight client waits for its calls, which may hang on a dead host.
        closers.removeIf(thread -> !thread.isAlive());
        closers.add(Thread.ofVirtual().name("proteus-close-" + member.endpoint.workerId()).start(() -> {
            try {
                member.endpoint.close();
            } catch (RuntimeException e) {
                LOG.debug("cannot close the client of worker {}", member.endpoint.workerId(), e);
            }
        }));
    }

    /** Stops watching heartbeats and closes the clients of worker processes (embedded workers' are the owner's). */
    @Override
    public void close() {
        sweeper.shutdownNow();
        List<Member> remote;
        synchronized (members) {
            remote = members.values().stream().filter(member -> !member.embedded).toList();
            members.clear();
        }
        remote.forEach(member -> member.endpoint.close());
        for (Thread closer : closers) {
            try {
                closer.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
