package io.proteus.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.proteus.server.cluster.Cluster;
import io.proteus.server.cluster.SlotSample;
import io.proteus.server.cluster.SlotTimeline;
import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.server.execution.StageProgress;
import io.proteus.server.function.BackgroundFunctions;
import io.proteus.server.function.InvocationInfo;
import io.proteus.server.function.InvocationState;
import io.proteus.server.query.QueryInfo;
import io.proteus.server.query.QueryManager;
import io.proteus.server.query.QueryState;
import io.proteus.server.query.Session;
import io.proteus.server.security.UserAccount;
import io.proteus.server.security.UserDirectory;
import io.proteus.spi.decision.WorkerSlots;
import io.proteus.sql.ProteusSqlException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the HTTP API and the console's files. Every {@code /v1} endpoint except {@code POST /v1/login} needs a valid
 * console session cookie, a bearer token (console session or API token) or Basic credentials when users are
 * configured, and answers 401 with {@code {"error":"unauthenticated"}} otherwise; the console's static files (no data)
 * are public so the login form can load. Users see and cancel only their own queries and invocations.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String SESSION_COOKIE = "proteus_console";

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final int DEFAULT_PAGE_ROWS = 1000;
    private static final int MAX_PAGE_ROWS = 10_000;
    private static final int DEFAULT_TIMELINE_SECONDS = 300;

    private final ObjectMapper json;
    private final QueryManager queryManager;
    private final Cluster cluster;
    private final BackgroundFunctions functions;
    private final SlotTimeline timeline;
    private final UserDirectory users;
    private final boolean secureCookies;
    private final ConsoleSessions sessions;
    private final HttpStatements statements;
    private final Session anonymousSession;

    /** A request that could not be served, with the status and the message the client gets. */
    private static final class RequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final HttpResponseStatus status;

        RequestException(HttpResponseStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Who is calling, with the login token when the call came with one. */
    private record Caller(Session session, String loginToken) {
    }

    /** A response: status, body and extra headers. */
    private record Reply(HttpResponseStatus status, byte[] body, String contentType, Map<String, String> headers) {
    }

    ApiHandler(ObjectMapper json, QueryManager queryManager, BackgroundFunctions functions, SlotTimeline timeline,
            UserDirectory users, boolean secureCookies, ConsoleSessions sessions, HttpStatements statements) {
        this.json = requireNonNull(json, "json");
        this.queryManager = requireNonNull(queryManager, "queryManager");
        this.cluster = queryManager.controller().cluster();
        this.functions = requireNonNull(functions, "functions");
        this.timeline = requireNonNull(timeline, "timeline");
        this.users = requireNonNull(users, "users");
        this.secureCookies = secureCookies;
        this.sessions = requireNonNull(sessions, "sessions");
        this.statements = requireNonNull(statements, "statements");
        this.anonymousSession = users.isEmpty() ? sessions.apiSession(UserDirectory.ANONYMOUS) : null;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        Reply reply;
        try {
            reply = route(request);
        } catch (RequestException e) {
            reply = jsonReply(e.status, Map.of("error", e.getMessage()));
        } catch (ProteusSqlException | IllegalArgumentException e) {
            reply = jsonReply(HttpResponseStatus.BAD_REQUEST, Map.of("error", String.valueOf(e.getMessage())));
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warn("HTTP request {} {} failed", request.method(), request.uri(), e);
            reply = jsonReply(HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal error: " + e.getMessage()));
        } catch (java.io.IOException e) {
            reply = jsonReply(HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "cannot read the console's files"));
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set("X-Frame-Options", "DENY");
        response.headers().set("Referrer-Policy", "no-referrer");
        reply.headers().forEach((name, value) -> response.headers().add(name, value));
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            context.writeAndFlush(response);
        } else {
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private Reply route(FullHttpRequest request) throws java.io.IOException {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        if (path.equals("/") || path.equals("/console")) {
            return new Reply(HttpResponseStatus.FOUND, new byte[0], "text/plain", Map.of("Location", ConsoleFiles.PREFIX));
        }
        if (path.startsWith(ConsoleFiles.PREFIX)) {
            requireMethod(method, HttpMethod.GET, HttpMethod.HEAD);
            return consoleFile(path);
        }
        if (path.equals("/v1/login")) {
            requireMethod(method, HttpMethod.POST);
            return login(request);
        }
        if (path.equals("/v1/health")) {
            // For health probes (Kubernetes): no credentials, and nothing but liveness and the number of workers.
            requireMethod(method, HttpMethod.GET, HttpMethod.HEAD);
            return jsonReply(HttpResponseStatus.OK, Map.of("status", "ok", "workers", cluster.workers().size()));
        }
        Optional<Caller> authenticated = authenticate(request);
        if (authenticated.isEmpty()) {
            // No detail: neither whether the user exists nor whether the path does.
            return new Reply(HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"unauthenticated\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json", Map.of("WWW-Authenticate", "Bearer realm=\"Proteus\""));
        }
        Caller caller = authenticated.get();
        if (path.equals("/v1/logout")) {
            requireMethod(method, HttpMethod.POST);
            sessions.logout(caller.loginToken());
            return jsonReply(HttpResponseStatus.OK, Map.of("user", caller.session().user()),
                    Map.of("Set-Cookie", cookie("", 0)));
        }
        if (path.equals("/v1/session")) {
            requireMethod(method, HttpMethod.GET);
            return jsonReply(HttpResponseStatus.OK, sessionView(caller.session()));
        }
        if (path.equals("/v1/info")) {
            requireMethod(method, HttpMethod.GET);
            return jsonReply(HttpResponseStatus.OK, Map.of("version", "0.1.0", "workers", cluster.status().workers()));
        }
        if (path.equals("/v1/statement")) {
            requireMethod(method, HttpMethod.POST);
            return submit(request, caller.session());
        }
        if (path.equals("/v1/query")) {
            requireMethod(method, HttpMethod.GET);
            return jsonReply(HttpResponseStatus.OK, history(caller.session(), intParameter(uri, "limit", 100, 1, 1000)));
        }
        if (path.startsWith("/v1/query/")) {
            String queryId = path.substring("/v1/query/".length());
            if (method.equals(HttpMethod.DELETE)) {
                return cancel(caller.session(), queryId);
            }
            requireMethod(method, HttpMethod.GET);
            long offset = intParameter(uri, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = intParameter(uri, "limit", DEFAULT_PAGE_ROWS, 0, MAX_PAGE_ROWS);
            return jsonReply(HttpResponseStatus.OK, queryView(caller.session(), queryId, offset, limit));
        }
        if (path.equals("/v1/cluster")) {
            requireMethod(method, HttpMethod.GET);
            return jsonReply(HttpResponseStatus.OK, clusterView(intParameter(uri, "seconds", DEFAULT_TIMELINE_SECONDS, 0, 3600)));
        }
        if (path.equals("/v1/function")) {
            if (method.equals(HttpMethod.POST)) {
                return registerFunction(request, caller.session());
            }
            requireMethod(method, HttpMethod.GET);
            return jsonReply(HttpResponseStatus.OK, functionList());
        }
        if (path.startsWith("/v1/function/")) {
            String name = path.substring("/v1/function/".length());
            if (method.equals(HttpMethod.DELETE)) {
                if (!functions.unregister(caller.session().user(), name)) {
                    throw new RequestException(HttpResponseStatus.NOT_FOUND, "no registered function " + name);
                }
                return jsonReply(HttpResponseStatus.OK, Map.of("name", name, "removed", true));
            }
            requireMethod(method, HttpMethod.GET);
            return jsonReply(HttpResponseStatus.OK, functions.registered(name)
                    .orElseThrow(() -> new RequestException(HttpResponseStatus.NOT_FOUND, "no registered function " + name)));
        }
        if (path.equals("/v1/invocation")) {
            if (method.equals(HttpMethod.POST)) {
                return invoke(request, caller.session());
            }
            requireMethod(method, HttpMethod.GET);
            return jsonReply(HttpResponseStatus.OK, functions.invocations().stream()
                    .filter(invocation -> visibleTo(caller.session(), invocation.user()))
                    .limit(intParameter(uri, "limit", 100, 1, 1000)).toList());
        }
        if (path.startsWith("/v1/invocation/")) {
            return invocation(uri, path.substring("/v1/invocation/".length()), method, caller.session());
        }
        throw new RequestException(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + method + " " + path);
    }

    // ---------------------------------------------------------------- background functions

    private Map<String, Object> functionList() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("available", functions.library().entries());
        answer.put("registered", functions.registered());
        return answer;
    }

    private Reply registerFunction(FullHttpRequest request, Session session) {
        FunctionRegistration registration = readJson(request, FunctionRegistration.class,
                "{\"name\": ..., \"function\": ..., \"arguments\": {...}}");
        return jsonReply(HttpResponseStatus.OK, functions.register(session.user(), registration.name(),
                registration.function(), registration.arguments()));
    }

    private Reply invoke(FullHttpRequest request, Session session) {
        InvocationRequest invocation = readJson(request, InvocationRequest.class,
                "{\"chain\": [...], \"input\": BASE64} or {\"chain\": [...], \"inputText\": TEXT}");
        if (invocation.input() != null && invocation.inputText() != null) {
            throw new RequestException(HttpResponseStatus.BAD_REQUEST, "give input (base64) or inputText, not both");
        }
        byte[] input;
        try {
            input = invocation.input() != null ? Base64.getDecoder().decode(invocation.input())
                    : invocation.inputText() != null ? invocation.inputText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        } catch (IllegalArgumentException e) {
            throw new RequestException(HttpResponseStatus.BAD_REQUEST, "input is not base64: " + e.getMessage());
        }
        InvocationInfo info = functions.invoke(session.user(), invocation.chain(), input);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("invocationId", info.invocationId());
        answer.put("state", info.state());
        answer.put("uri", "/v1/invocation/" + info.invocationId());
        return jsonReply(HttpResponseStatus.OK, answer);
    }

    private Reply invocation(QueryStringDecoder uri, String rest, HttpMethod method, Session caller) {
        boolean outputOnly = rest.endsWith("/output");
        String invocationId = outputOnly ? rest.substring(0, rest.length() - "/output".length()) : rest;
        InvocationInfo info = functions.invocation(invocationId)
                .filter(invocation -> visibleTo(caller, invocation.user()))
                .orElseThrow(() -> new RequestException(HttpResponseStatus.NOT_FOUND, "unknown invocation " + invocationId));
        if (method.equals(HttpMethod.DELETE) && !outputOnly) {
            return jsonReply(HttpResponseStatus.OK, Map.of("invocationId", invocationId,
                    "cancelled", functions.cancel(invocationId)));
        }
        requireMethod(method, HttpMethod.GET);
        byte[] output = info.state() == InvocationState.FINISHED ? functions.output(invocationId).orElse(null) : null;
        if (outputOnly) {
            if (output == null) {
                throw new RequestException(HttpResponseStatus.CONFLICT, "invocation " + invocationId + " is "
                        + info.state().name().toLowerCase(java.util.Locale.ROOT) + ": it has no output"
                        + (info.error() == null ? "" : " (" + info.error() + ")"));
            }
            return new Reply(HttpResponseStatus.OK, output, "application/octet-stream", Map.of());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("invocation", info);
        boolean withOutput = !"false".equals(uri.parameters().getOrDefault("output", List.of("true")).getFirst());
        answer.put("output", output != null && withOutput ? Base64.getEncoder().encodeToString(output) : null);
        return jsonReply(HttpResponseStatus.OK, answer);
    }

    private <T> T readJson(FullHttpRequest request, Class<T> type, String shape) {
        try {
            T value = json.readValue(request.content().toString(StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new RequestException(HttpResponseStatus.BAD_REQUEST, "the body must be JSON: " + shape);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new RequestException(HttpResponseStatus.BAD_REQUEST, "the body must be JSON: " + shape + ": "
                    + e.getOriginalMessage());
        }
    }

    // ---------------------------------------------------------------- authentication

    private Optional<Caller> authenticate(FullHttpRequest request) {
        String cookieToken = sessionCookie(request);
        if (cookieToken != null) {
            Optional<Session> session = sessions.byToken(cookieToken);
            if (session.isPresent()) {
                return Optional.of(new Caller(session.get(), cookieToken));
            }
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String token = authorization.substring(7).trim();
                Optional<Session> login = sessions.byToken(token);
                if (login.isPresent()) {
                    return Optional.of(new Caller(login.get(), token));
                }
                return users.authenticateToken(token).map(account -> new Caller(sessions.apiSession(account.name()), null));
            }
            if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                String[] credentials = basicCredentials(authorization.substring(6).trim());
                if (credentials == null) {
                    return Optional.empty();
                }
                return users.authenticatePassword(credentials[0], credentials[1])
                        .map(account -> new Caller(sessions.apiSession(account.name()), null));
            }
            return Optional.empty();
        }
        return anonymousSession == null ? Optional.empty() : Optional.of(new Caller(anonymousSession, null));
    }

    private static String[] basicCredentials(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String sessionCookie(FullHttpRequest request) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
                if (cookie.name().equals(SESSION_COOKIE)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    private Reply login(FullHttpRequest request) throws JsonProcessingException {
        if (users.isEmpty()) {
            return jsonReply(HttpResponseStatus.OK, Map.of("user", UserDirectory.ANONYMOUS, "authenticationRequired", false));
        }
        Map<?, ?> body;
        try {
            body = json.readValue(request.content().toString(StandardCharsets.UTF_8), Map.class);
        } catch (JsonProcessingException e) {
            throw new RequestException(HttpResponseStatus.BAD_REQUEST, "the body must be JSON: {\"user\": ..., \"password\": ...}");
        }
        Object user = body == null ? null : body.get("user");
        Object password = body == null ? null : body.get("password");
        Optional<UserAccount> account = user instanceof String name && password instanceof String secret
                ? users.authenticatePassword(name, secret)
                : Optional.empty();
        if (account.isEmpty()) {
            return new Reply(HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"unauthenticated\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json", Map.of());
        }
        String token = sessions.login(account.get().name());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", account.get().name());
        answer.put("token", token);
        return jsonReply(HttpResponseStatus.OK, answer, Map.of("Set-Cookie", cookie(token, -1)));
    }

    private String cookie(String token, long maxAgeSeconds) {
        DefaultCookie cookie = new DefaultCookie(SESSION_COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setSecure(secureCookies);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        if (maxAgeSeconds >= 0) {
            cookie.setMaxAge(maxAgeSeconds);
        }
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    private Map<String, Object> sessionView(Session session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("user", session.user());
        view.put("authenticationRequired", !users.isEmpty());
        view.put("catalog", session.catalog());
        view.put("schema", session.schema());
        view.put("properties", session.context(null, null, Map.of()).properties());
        return view;
    }

    // ---------------------------------------------------------------- queries

    private Reply submit(FullHttpRequest request, Session session) throws JsonProcessingException {
        String body = request.content().toString(StandardCharsets.UTF_8);
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        StatementRequest statement;
        if (contentType.startsWith("application/json")) {
            try {
                statement = json.readValue(body, StatementRequest.class);
            } catch (JsonProcessingException e) {
                throw new RequestException(HttpResponseStatus.BAD_REQUEST,
                        "the body must be {\"sql\": ..., \"catalog\": ..., \"schema\": ..., \"properties\": {...}}: " + e.getOriginalMessage());
            }
        } else {
            statement = new StatementRequest(body, null, null, Map.of());
        }
        HttpQuery query = statements.submit(session, statement);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queryId", query.queryId());
        answer.put("state", query.state());
        answer.put("uri", "/v1/query/" + query.queryId());
        return jsonReply(HttpResponseStatus.OK, answer);
    }

    private boolean visibleTo(Session caller, String owner) {
        return users.isEmpty() || caller.user().equals(owner);
    }

    private QueryView queryView(Session caller, String queryId, long offset, int limit) {
        Optional<HttpQuery> submitted = statements.query(queryId).filter(query -> visibleTo(caller, query.user()));
        Optional<QueryInfo> info = queryManager.queryInfo(queryId).filter(query -> visibleTo(caller, query.user()));
        if (submitted.isEmpty() && info.isEmpty()) {
            throw new RequestException(HttpResponseStatus.NOT_FOUND, "unknown query " + queryId);
        }
        List<StageProgress> progress = queryManager.stageProgress(queryId);
        if (submitted.isPresent()) {
            HttpQuery query = submitted.get();
            // The HTTP query finishes after the query manager records it, so its own state is the one to trust once
            // final; before that, the query manager knows whether it runs.
            QueryState state = query.finished() != null ? query.state()
                    : info.map(QueryInfo::state).filter(value -> value == QueryState.RUNNING || value == QueryState.QUEUED)
                            .orElse(query.state());
            Instant end = query.finished() == null ? Instant.now() : query.finished();
            List<List<Object>> rows = query.rows(offset, limit);
            long next = offset + rows.size();
            Long nextOffset = next < query.keptRows() || query.finished() == null && rows.size() == limit ? next : null;
            return new QueryView(queryId, query.user(), query.sql(), state, query.error(), query.submitted(),
                    Duration.between(query.submitted(), end).toNanos() / 1e9, query.columns(), query.totalRows(),
                    query.keptRows(), query.truncated(), offset, rows, nextOffset, progress, info.orElse(null));
        }
        QueryInfo flightQuery = info.get();
        return new QueryView(queryId, flightQuery.user(), flightQuery.sql(), flightQuery.state(), flightQuery.error(),
                flightQuery.started(), flightQuery.elapsedSeconds(), List.of(), flightQuery.resultRows(), 0, false, offset,
                List.of(), null, progress, flightQuery);
    }

    private List<QuerySummary> history(Session caller, int limit) {
        List<QuerySummary> summaries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (QueryInfo info : queryManager.queries()) {
            if (!visibleTo(caller, info.user())) {
                continue;
            }
            HttpQuery submitted = statements.query(info.queryId()).orElse(null);
            QueryState state = submitted != null && submitted.finished() != null ? submitted.state() : info.state();
            String error = submitted != null && submitted.finished() != null ? submitted.error() : info.error();
            QueryInfo current = info.state() == QueryState.RUNNING ? queryManager.queryInfo(info.queryId()).orElse(info) : info;
            summaries.add(new QuerySummary(info.queryId(), info.user(), state, info.sql(), info.started(),
                    current.elapsedSeconds(), info.resultRows(), current.slotSeconds(), error));
            seen.add(info.queryId());
        }
        for (HttpQuery query : statements.queries()) {
            if (seen.contains(query.queryId()) || !visibleTo(caller, query.user())) {
                continue;
            }
            Instant end = query.finished() == null ? Instant.now() : query.finished();
            summaries.add(new QuerySummary(query.queryId(), query.user(), query.state(), query.sql(), query.submitted(),
                    Duration.between(query.submitted(), end).toNanos() / 1e9, query.totalRows(), 0, query.error()));
        }
        summaries.sort(Comparator.comparing(QuerySummary::started).reversed());
        return summaries.size() > limit ? List.copyOf(summaries.subList(0, limit)) : summaries;
    }

    private Reply cancel(Session caller, String queryId) throws JsonProcessingException {
        Optional<HttpQuery> submitted = statements.query(queryId).filter(query -> visibleTo(caller, query.user()));
        Optional<QueryInfo> info = queryManager.queryInfo(queryId).filter(query -> visibleTo(caller, query.user()));
        if (submitted.isEmpty() && info.isEmpty()) {
            throw new RequestException(HttpResponseStatus.NOT_FOUND, "unknown query " + queryId);
        }
        boolean cancelled = submitted.isPresent()
                ? statements.cancel(submitted.get())
                : queryManager.cancel(queryId, "cancelled by " + caller.user() + " over HTTP");
        return jsonReply(HttpResponseStatus.OK, Map.of("queryId", queryId, "cancelled", cancelled));
    }

    // ---------------------------------------------------------------- cluster

    private ClusterView clusterView(int seconds) {
        List<ClusterView.Worker> workers = new ArrayList<>();
        int total = 0;
        int busy = 0;
        for (WorkerEndpoint worker : cluster.workers()) {
            WorkerSlots slots = worker.status();
            int workerBusy = slots.totalSlots() - slots.freeSlots();
            workers.add(new ClusterView.Worker(worker.workerId(), worker.address(), slots.totalSlots(), workerBusy,
                    slots.memoryLimitBytes(), slots.memoryUsedBytes()));
            total += slots.totalSlots();
            busy += workerBusy;
        }
        List<SlotSample> samples = timeline.samples();
        List<SlotSample> recent = samples.size() > seconds ? samples.subList(samples.size() - seconds, samples.size()) : samples;
        return new ClusterView(workers, total, busy, queryManager.runningQueries(), recent);
    }

    // ---------------------------------------------------------------- helpers

    private static Reply consoleFile(String path) throws java.io.IOException {
        Optional<ConsoleFiles.ConsoleFile> file = ConsoleFiles.find(path);
        if (file.isEmpty()) {
            String message = ConsoleFiles.available() ? "no such file" : "the console was not built into this server";
            throw new RequestException(HttpResponseStatus.NOT_FOUND, message);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", file.get().immutable() ? "public, max-age=31536000, immutable" : "no-cache");
        headers.put("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
        return new Reply(HttpResponseStatus.OK, file.get().bytes(), file.get().contentType(), headers);
    }

    private static void requireMethod(HttpMethod method, HttpMethod... allowed) {
        for (HttpMethod candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new RequestException(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not supported here");
    }

    private static int intParameter(QueryStringDecoder uri, String name, int defaultValue, int minimum, int maximum) {
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(values.getFirst());
            if (value < minimum || value > maximum) {
                throw new RequestException(HttpResponseStatus.BAD_REQUEST,
                        "parameter " + name + " must be between " + minimum + " and " + maximum);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RequestException(HttpResponseStatus.BAD_REQUEST, "parameter " + name + " must be a number");
        }
    }

    private Reply jsonReply(HttpResponseStatus status, Object body) {
        return jsonReply(status, body, Map.of());
    }

    private Reply jsonReply(HttpResponseStatus status, Object body, Map<String, String> headers) {
        try {
            return new Reply(status, json.writeValueAsBytes(body), "application/json", headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
