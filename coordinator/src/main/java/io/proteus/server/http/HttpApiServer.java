package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.proteus.server.cluster.Cluster;
import io.proteus.server.query.QueryManager;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The coordinator's HTTP/JSON API (Netty, Jackson): {@code GET /v1/info} (version and workers with their slots and
 * memory), {@code GET /v1/query} (recent queries) and {@code GET /v1/query/ID} (one query's runtime information).
 */
public final class HttpApiServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpApiServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    public static HttpApiServer start(String host, int port, QueryManager queryManager, Cluster cluster) throws java.io.IOException {
        requireNonNull(queryManager, "queryManager");
        requireNonNull(cluster, "cluster");
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel socket) {
                            socket.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(1 << 20))
                                    .addLast(new ApiHandler(json, queryManager, cluster));
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new HttpApiServer(group, channel);
        } catch (InterruptedException e) {
            group.shutdownGracefully();
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted while binding the HTTP port", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            throw new java.io.IOException("cannot bind the HTTP API to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }

    private static final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ObjectMapper json;
        private final QueryManager queryManager;
        private final Cluster cluster;

        ApiHandler(ObjectMapper json, QueryManager queryManager, Cluster cluster) {
            this.json = json;
            this.queryManager = queryManager;
            this.cluster = cluster;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) throws Exception {
            String path = new QueryStringDecoder(request.uri()).path();
            Object body;
            HttpResponseStatus status = HttpResponseStatus.OK;
            if (!request.method().equals(HttpMethod.GET)) {
                status = HttpResponseStatus.METHOD_NOT_ALLOWED;
                body = Map.of("error", "only GET is supported");
            } else if (path.equals("/v1/info")) {
                body = Map.of("version", "0.1.0", "workers", cluster.status().workers());
            } else if (path.equals("/v1/query")) {
                body = queryManager.queries();
            } else if (path.startsWith("/v1/query/")) {
                Object info = queryManager.queryInfo(path.substring("/v1/query/".length())).orElse(null);
                if (info == null) {
                    status = HttpResponseStatus.NOT_FOUND;
                    body = Map.of("error", "unknown query");
                } else {
                    body = info;
                }
            } else {
                status = HttpResponseStatus.NOT_FOUND;
                body = Map.of("error", "not found");
            }
            byte[] bytes = json.writeValueAsBytes(body);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
