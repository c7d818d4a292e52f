package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.WorkerAddresses;
import io.proteus.executor.task.TaskCodec;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The coordinator's cluster endpoint: an Arrow Flight server where worker processes register and send heartbeats
 * ({@value #HEARTBEAT}: body a JSON {@link WorkerHeartbeat}, result one JSON {@link HeartbeatReply}). It carries no
 * client traffic and no authentication: like the workers' own Flight servers, it belongs on the cluster's private
 * network (see docs/deploy.md).
 */
public final class MembershipServer implements AutoCloseable {

    /** The Flight action a worker sends its heartbeats with. */
    public static final String HEARTBEAT = "proteus.heartbeat";

    private final FlightServer server;
    private final ExecutorService executor;

    private MembershipServer(FlightServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code host:port} (port 0 picks a free one) and feeds heartbeats into {@code membership}. */
    public static MembershipServer start(String host, int port, WorkerMembership membership, BufferAllocator allocator)
            throws IOException {
        requireNonNull(membership, "membership");
        ExecutorService executor = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("proteus-membership-flight-", 0).daemon(true).factory());
        FlightServer server = WorkerAddresses.acceptKeepalive(FlightServer.builder(allocator,
                        Location.forGrpcInsecure(host, port), new Producer(membership)).executor(executor))
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            try {
                server.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot start the cluster endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new MembershipServer(server, executor);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }

    private static final class Producer extends NoOpFlightProducer {
        private final WorkerMembership membership;

        Producer(WorkerMembership membership) {
            this.membership = membership;
        }

        @Override
        public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
            if (!action.getType().equals(HEARTBEAT)) {
                listener.onError(CallStatus.UNIMPLEMENTED.withDescription("unknown action " + action.getType())
                        .toRuntimeException());
                return;
            }
            WorkerHeartbeat heartbeat;
            try {
                heartbeat = TaskCodec.decode(action.getBody(), WorkerHeartbeat.class);
            } catch (RuntimeException e) {
                listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("invalid heartbeat: " + e.getMessage())
                        .toRuntimeException());
                return;
            }
            try {
                HeartbeatReply reply = membership.heartbeat(heartbeat);
                listener.onNext(new Result(TaskCodec.encode(reply)));
                listener.onCompleted();
            } catch (IllegalArgumentException e) {
                listener.onError(CallStatus.ALREADY_EXISTS.withDescription(e.getMessage()).toRuntimeException());
            } catch (RuntimeException e) {
                listener.onError(CallStatus.INTERNAL.withDescription(String.valueOf(e.getMessage())).toRuntimeException());
            }
        }

        @Override
        public void listActions(CallContext context, StreamListener<ActionType> listener) {
            listener.onNext(new ActionType(HEARTBEAT, "register a worker or refresh it (JSON WorkerHeartbeat -> HeartbeatReply)"));
            listener.onCompleted();
        }
    }
}
