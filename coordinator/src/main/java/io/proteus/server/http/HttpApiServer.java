package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.proteus.server.function.BackgroundFunctions;
import io.proteus.server.cluster.SlotTimeline;
import io.proteus.server.query.QueryManager;
import io.proteus.server.security.SecurityConfig;
import io.proteus.server.security.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;

/**
 * The coordinator's HTTP server (Netty, JSON via Jackson): the web console under {@code /console/} and the JSON API
 * behind it — {@code POST /v1/login}, {@code POST /v1/logout}, {@code GET /v1/session}, {@code POST /v1/statement},
 * {@code GET /v1/query}, {@code GET|DELETE /v1/query/ID}, {@code GET /v1/cluster}, {@code GET /v1/info}, the
 * background function API: {@code GET|POST /v1/function}, {@code GET|DELETE /v1/function/NAME},
 * {@code GET|POST /v1/invocation}, {@code GET|DELETE /v1/invocation/ID} and {@code GET /v1/invocation/ID/output}, and,
 * without credentials (for health probes), {@code GET /v1/health}. See docs/console.md and
 * docs/background-functions.md for the API and docs/security.md for authentication. HTTPS when TLS is configured.
 */
public final class HttpApiServer implements AutoCloseable {

    /** Rows of one query kept for paging; beyond that the result is marked truncated. */
    public static final int MAX_ROWS_PER_QUERY = 100_000;
    /** The largest request body: room for a background invocation's input in base64. */
    public static final int MAX_REQUEST_BYTES = BackgroundFunctions.MAX_INPUT_BYTES / 3 * 4 + (1 << 20);

    private final EventLoopGroup group;
    private final EventExecutorGroup handlerGroup;
    private final Channel channel;
    private final HttpStatements statements;
    private final boolean tls;

    private HttpApiServer(EventLoopGroup group, EventExecutorGroup handlerGroup, Channel channel, HttpStatements statements,
            boolean tls) {
        this.group = group;
        this.handlerGroup = handlerGroup;
        this.channel = channel;
        this.statements = statements;
        this.tls = tls;
    }

    /**
     * Starts the server.
     *
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @param queryManager runs the submitted statements; its global controller's workers are shown on the cluster page
     * @param functions registers and invokes background functions
     * @param timeline the slot allocation per second
     * @param security the users and the TLS certificate
     * @param defaultCatalog the catalog of new sessions
     * @param defaultSchema the schema of new sessions
     */
    public static HttpApiServer start(String host, int port, QueryManager queryManager, BackgroundFunctions functions,
            SlotTimeline timeline, SecurityConfig security, String defaultCatalog, String defaultSchema) throws IOException {
        requireNonNull(queryManager, "queryManager");
        requireNonNull(functions, "functions");
        requireNonNull(timeline, "timeline");
        requireNonNull(security, "security");
        SslContext sslContext = security.tls().isPresent() ? sslContext(security.tls().get()) : null;
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        HttpStatements statements = new HttpStatements(queryManager, MAX_ROWS_PER_QUERY);
        ConsoleSessions sessions = new ConsoleSessions(queryManager, defaultCatalog, defaultSchema);
        ApiHandler handler = new ApiHandler(json, queryManager, functions, timeline, security.users(), sslContext != null,
                sessions, statements);
        EventLoopGroup group = new NioEventLoopGroup(1);
        // Requests may block (password hashing, worker status calls): they run off the I/O thread.
        EventExecutorGroup handlerGroup = new DefaultEventExecutorGroup(4);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel socket) {
                            ChannelPipeline pipeline = socket.pipeline();
                            if (sslContext != null) {
                                pipeline.addLast(sslContext.newHandler(socket.alloc()));
                            }
                            pipeline.addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(handlerGroup, handler);
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new HttpApiServer(group, handlerGroup, channel, statements, sslContext != null);
        } catch (InterruptedException e) {
            shutdown(group, handlerGroup, statements);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the HTTP port", e);
        } catch (RuntimeException e) {
            shutdown(group, handlerGroup, statements);
            throw new IOException("cannot bind the HTTP API to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static SslContext sslContext(TlsSettings tls) throws IOException {
        try {
            return SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot use the TLS certificate " + tls.certificateChain() + " and key " + tls.privateKey()
                    + " (PEM, key in PKCS#8): " + e.getMessage(), e);
        }
    }

    private static void shutdown(EventLoopGroup group, EventExecutorGroup handlerGroup, HttpStatements statements) {
        statements.close();
        group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        handlerGroup.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Whether the server speaks HTTPS. */
    public boolean tls() {
        return tls;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        shutdown(group, handlerGroup, statements);
    }
}
