package io.proteus.dataplane;

import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.NettyClientBuilder;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Converts between a worker's {@code host:port} address text and a Flight {@link Location}, and makes the Flight
 * clients and servers of the cluster's internal traffic. Those use gRPC keepalive: a call to a host that vanished
 * without closing its connections (a crashed machine, a network partition) fails within
 * {@link #KEEPALIVE_SECONDS} + {@link #KEEPALIVE_TIMEOUT_SECONDS} seconds instead of waiting for TCP to give up, so
 * a task reading from a lost worker fails and is run again.
 */
public final class WorkerAddresses {

    private WorkerAddresses() {
    }

    /** Seconds between keepalive pings on a connection with calls in progress. */
    public static final int KEEPALIVE_SECONDS = 10;
    /** Seconds a keepalive ping waits for its answer before the connection is taken for dead. */
    public static final int KEEPALIVE_TIMEOUT_SECONDS = 5;

    /** The transport hint of a {@link FlightServer.Builder} that lets clients ping as {@link #client} does. */
    public static final String SERVER_BUILDER_HINT = "grpc.builderConsumer";

    /** A Flight client of the (insecure, internal) server at {@code address}, with keepalive. */
    public static FlightClient client(BufferAllocator allocator, String address) {
        return FlightGrpcUtils.createFlightClient(allocator, channel(allocator, address).build());
    }

    /**
     * A Flight client like {@link #client} whose connection does its network I/O on {@code eventLoop} and runs gRPC's
     * callbacks on {@code executor}: background traffic on threads of the lowest CPU priority.
     */
    static FlightClient client(BufferAllocator allocator, String address, EventLoopGroup eventLoop, Executor executor) {
        return FlightGrpcUtils.createFlightClient(allocator, channel(allocator, address)
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .executor(executor)
                .build());
    }

    private static NettyChannelBuilder channel(BufferAllocator allocator, String address) {
        // Arrow's own channel settings (message sizes, plaintext), plus keepalive.
        return new NettyClientBuilder(allocator, location(address)).build()
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Configures a Flight server to accept the keepalive pings of {@link #client} (gRPC refuses frequent ones). */
    public static FlightServer.Builder acceptKeepalive(FlightServer.Builder builder) {
        Consumer<NettyServerBuilder> consumer = netty -> netty.permitKeepAliveTime(KEEPALIVE_SECONDS / 2, TimeUnit.SECONDS);
        return builder.transportHint(SERVER_BUILDER_HINT, consumer);
    }

    /** The address text of a host and port; IPv6 hosts are bracketed. */
    public static String format(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The host of a {@code host:port} (or {@code [v6-host]:port}) address, without brackets. */
    public static String host(String address) {
        return location(address).getUri().getHost().replaceAll("^\\[|\\]$", "");
    }

    /** The insecure gRPC location of a {@code host:port} (or {@code [v6-host]:port}) address. */
    public static Location location(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("not a host:port worker address: '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a host:port worker address: '" + address + "'", e);
        }
        return Location.forGrpcInsecure(host, port);
    }
}
