package io.proteus.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/** A small client of the HTTP API for tests: JSON in and out, with Basic, bearer or cookie credentials. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELLED");

    private final HttpClient client;
    private final String baseUrl;
    private final String authorization;

    /** A reply: status, body text, and the body as JSON when it is JSON. */
    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private ApiClient(HttpClient client, String baseUrl, String authorization) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    public static ApiClient anonymous(String baseUrl) {
        return new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), baseUrl, null);
    }

    public static ApiClient anonymous(String baseUrl, SSLContext sslContext) {
        return new ApiClient(HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(10)).build(),
                baseUrl, null);
    }

    public ApiClient withBasic(String user, String password) {
        return new ApiClient(client, baseUrl, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public ApiClient withBearer(String token) {
        return new ApiClient(client, baseUrl, "Bearer " + token);
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), Map.of());
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE(), Map.of());
    }

    public Reply post(String path, Object body) throws IOException, InterruptedException {
        String text = body instanceof String string ? string : JSON.writeValueAsString(body);
        String contentType = body instanceof String ? "text/plain" : "application/json";
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.ofString(text)),
                Map.of("Content-Type", contentType));
    }

    public Reply postRaw(String path, String body, String contentType) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.ofString(body)),
                Map.of("Content-Type", contentType));
    }

    public Reply send(HttpRequest.Builder request, Map<String, String> headers) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers());
    }

    /** Submits a statement on a schema of the tpcds catalog; returns the query id. */
    public String submit(String sql, String schema) throws IOException, InterruptedException {
        Reply reply = post("/v1/statement", Map.of("sql", sql, "catalog", "tpcds", "schema", schema));
        if (reply.status() != 200) {
            throw new AssertionError("submit failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("queryId").asText();
    }

    /** Polls a query until it is FINISHED, FAILED or CANCELLED; returns its final view with the first page of rows. */
    public JsonNode await(String queryId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = get("/v1/query/" + queryId).json();
            if (FINAL_STATES.contains(view.get("state").asText())) {
                return view;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("query " + queryId + " did not finish within " + timeout);
    }

    /** Polls a query until its state is the one given. */
    public JsonNode awaitState(String queryId, String state, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            view = get("/v1/query/" + queryId + "?limit=0").json();
            if (view.get("state").asText().equals(state)) {
                return view;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("query " + queryId + " did not reach " + state + " within " + timeout + ": " + view);
    }
}
