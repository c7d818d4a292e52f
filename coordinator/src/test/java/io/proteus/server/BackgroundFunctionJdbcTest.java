package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.server.control.GlobalController;
import io.proteus.server.control.Priority;
import io.proteus.server.control.SlotClaim;
import io.proteus.server.http.ApiClient;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The example plugin's background functions on a running cluster: registered and invoked as a chain over the HTTP
 * API, run on the workers' slots, their results fetched; held back while a query holds every slot, and preempted
 * (then re-run) when a query claims the slot a long function runs in; and a TPC-DS query co-running with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackgroundFunctionJdbcTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path pluginDirectory;
    private LocalCluster cluster;
    private ApiClient api;

    @BeforeAll
    void start() throws Exception {
        Path exampleJar = PluginJdbcTest.exampleJar();
        pluginDirectory = Files.createTempDirectory("proteus-plugins");
        Files.copy(exampleJar, pluginDirectory.resolve(exampleJar.getFileName()));
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withSlotsPerWorker(2)
                .withDataDirectory(TestDataDirectory.path()).withPluginDirectory(pluginDirectory));
        api = ApiClient.anonymous("http://127.0.0.1:" + cluster.httpPort());
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (pluginDirectory != null) {
            try (Stream<Path> files = Files.list(pluginDirectory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(pluginDirectory);
        }
    }

    @Test
    void registersAndInvokesAChainOverHttpAndFetchesItsResult() throws Exception {
        JsonNode functions = api.get("/v1/function").json();
        assertThat(functions.get("available").findValuesAsText("name"))
                .contains("sha256", "deflate", "inflate", "arrow-scale");

        ApiClient.Reply registered = api.post("/v1/function",
                Map.of("name", "sha-twice", "function", "sha256", "arguments", Map.of("rounds", "2", "chunk", "1024")));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(api.post("/v1/function", Map.of("name", "bad", "function", "nope")).status()).isEqualTo(400);

        byte[] input = new byte[200_000];
        new Random(42).nextBytes(input);
        Arrays.fill(input, 0, 50_000, (byte) 7);
        JsonNode invocation = api.post("/v1/invocation", Map.of("chain", List.of("deflate", "inflate", "sha-twice"),
                "input", Base64.getEncoder().encodeToString(input))).json();
        JsonNode finished = awaitState(invocation.get("invocationId").asText(), "FINISHED");

        byte[] expected = sha256Chunks(input, 1024, 2);
        assertThat(Base64.getDecoder().decode(finished.get("output").asText())).isEqualTo(expected);
        JsonNode info = finished.get("invocation");
        assertThat(info.get("chain").findValuesAsText("")).isEmpty();
        assertThat(info.get("steps")).hasSize(3);
        for (JsonNode step : info.get("steps")) {
            assertThat(step.get("outcome").asText()).isEqualTo("finished");
            assertThat(step.get("workerId").asText()).startsWith("worker-");
        }
        assertThat(info.get("outputBytes").asLong()).isEqualTo(expected.length);
        ApiClient.Reply raw = api.get("/v1/invocation/" + info.get("invocationId").asText() + "/output");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body().length()).isPositive();

        // A failing step fails the invocation with the function's message, never a partial output.
        JsonNode broken = api.post("/v1/invocation", Map.of("chain", List.of("inflate"), "inputText", "not zlib")).json();
        JsonNode failed = awaitState(broken.get("invocationId").asText(), "FAILED");
        assertThat(failed.get("invocation").get("error").asText()).contains("step 0 (inflate) failed");
        assertThat(failed.get("output").isNull()).isTrue();
        assertThat(api.get("/v1/invocation/" + broken.get("invocationId").asText() + "/output").status()).isEqualTo(409);
    }

    @Test
    void chainsArrowBatchFunctionsOverAnArrowIpcStream() throws Exception {
        assertThat(api.post("/v1/function", Map.of("name", "times-ten", "function", "arrow-scale",
                "arguments", Map.of("factor", "10"))).status()).isEqualTo(200);
        byte[] input;
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector numbers = new BigIntVector("n", allocator);
                VarCharVector labels = new VarCharVector("label", allocator);
                VectorSchemaRoot root = new VectorSchemaRoot(List.of(numbers, labels));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
            writer.start();
            for (int batch = 0; batch < 3; batch++) {
                numbers.allocateNew(1000);
                labels.allocateNew(1000);
                for (int row = 0; row < 1000; row++) {
                    numbers.set(row, batch * 1000L + row);
                    labels.setSafe(row, ("row " + (batch * 1000 + row)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                root.setRowCount(1000);
                writer.writeBatch();
            }
            writer.end();
            input = bytes.toByteArray();
        }
        JsonNode invocation = api.post("/v1/invocation", Map.of("chain", List.of("arrow-scale", "times-ten"),
                "input", Base64.getEncoder().encodeToString(input))).json();
        byte[] output = Base64.getDecoder().decode(
                awaitState(invocation.get("invocationId").asText(), "FINISHED").get("output").asText());
        try (BufferAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new java.io.ByteArrayInputStream(output), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            long rows = 0;
            while (reader.loadNextBatch()) {
                BigIntVector numbers = (BigIntVector) root.getVector("n");
                VarCharVector labels = (VarCharVector) root.getVector("label");
                for (int row = 0; row < root.getRowCount(); row++) {
                    assertThat(numbers.get(row)).isEqualTo((rows + row) * 20);
                    assertThat(new String(labels.get(row), java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo("row " + (rows + row));
                }
                rows += root.getRowCount();
            }
            assertThat(rows).isEqualTo(3000);
        }
        // Bytes that are no Arrow stream fail the invocation with a clear message.
        JsonNode broken = api.post("/v1/invocation", Map.of("chain", List.of("arrow-scale"), "inputText", "text")).json();
        assertThat(awaitState(broken.get("invocationId").asText(), "FAILED").get("invocation").get("error").asText())
                .contains("step 0 (arrow-scale) failed");
    }

    @Test
    void waitsWhileAQueryHoldsTheSlotsAndIsPreemptedWhenAQueryClaimsItsSlot() throws Exception {
        GlobalController controller = cluster.controller();
        // Stand in for a query's private controller: claim every slot of the cluster at interactive priority.
        List<SlotClaim> held = claimAllSlots(controller);
        List<SlotClaim> query = new ArrayList<>();
        try {
            holdAndPreempt(controller, held, query);
        } finally {
            held.forEach(controller::release);
            query.forEach(controller::release);
        }
    }

    private void holdAndPreempt(GlobalController controller, List<SlotClaim> held, List<SlotClaim> query) throws Exception {
        assertThat(held).allMatch(claim -> claim.granted().isDone());
        String waiting = api.post("/v1/invocation", Map.of("chain", List.of("sha256"), "inputText", "hello")).json()
                .get("invocationId").asText();
        Thread.sleep(500);
        JsonNode view = api.get("/v1/invocation/" + waiting).json().get("invocation");
        assertThat(view.get("state").asText()).isEqualTo("WAITING");
        assertThat(view.get("steps")).isEmpty();
        assertThat(controller.usage().backgroundClaimsWaiting()).isEqualTo(1);
        held.forEach(controller::release);
        assertThat(Base64.getDecoder().decode(awaitState(waiting, "FINISHED").get("output").asText()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest("hello".getBytes()));

        // A long function (minutes of hashing) runs in an idle slot ...
        byte[] input = new byte[1 << 20];
        new Random(1).nextBytes(input);
        api.post("/v1/function", Map.of("name", "sha-long", "function", "sha256",
                "arguments", Map.of("rounds", "100000")));
        String longRunning = api.post("/v1/invocation", Map.of("chain", List.of("sha-long"),
                "input", Base64.getEncoder().encodeToString(input))).json().get("invocationId").asText();
        awaitState(longRunning, "RUNNING");
        assertThat(controller.usage().backgroundSlots()).isEqualTo(1);
        // ... until a query claims every slot: the function is cancelled on its worker, its slot passes to the query.
        query.addAll(claimAllSlots(controller));
        for (SlotClaim claim : query) {
            assertThat(claim.granted().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).startsWith("worker-");
        }
        JsonNode preempted = awaitState(longRunning, "WAITING").get("invocation");
        assertThat(preempted.get("preemptions").asInt()).isEqualTo(1);
        assertThat(preempted.get("steps").get(0).get("outcome").asText()).isEqualTo("preempted");
        assertThat(controller.usage().backgroundSlots()).isZero();
        // Cancelled while waiting again: its claim is withdrawn, nothing runs after the query releases its slots.
        assertThat(api.delete("/v1/invocation/" + longRunning).json().get("cancelled").asBoolean()).isTrue();
        query.forEach(controller::release);
        assertThat(awaitState(longRunning, "CANCELLED").get("invocation").get("steps")).hasSize(1);
        assertThat(controller.usage().backgroundClaimsWaiting()).isZero();
    }

    @Test
    void aQueryCoRunningWithBackgroundChainsGetsTheCorrectAnswer() throws Exception {
        String sql = "SELECT count(*), sum(ss_quantity) FROM store_sales JOIN item ON ss_item_sk = i_item_sk "
                + "WHERE i_category = 'Music'";
        String alone;
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/tiny")) {
            alone = firstRow(connection, sql);
            byte[] input = new byte[1 << 20];
            new Random(3).nextBytes(input);
            List<String> invocations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                invocations.add(api.post("/v1/invocation", Map.of("chain", List.of("deflate", "sha256"),
                        "input", Base64.getEncoder().encodeToString(input))).json().get("invocationId").asText());
            }
            assertThat(firstRow(connection, sql)).isEqualTo(alone);
            byte[] expected = sha256Chunks(deflate(input), 65_536, 1);
            for (String invocation : invocations) {
                assertThat(Base64.getDecoder().decode(awaitState(invocation, "FINISHED").get("output").asText()))
                        .isEqualTo(expected);
            }
        }
        assertThat(cluster.controller().usage().querySlots()).isZero();
        assertThat(cluster.controller().usage().backgroundSlots()).isZero();
    }

    private static List<SlotClaim> claimAllSlots(GlobalController controller) {
        List<SlotClaim> claims = new ArrayList<>();
        for (WorkerEndpoint worker : controller.cluster().workers()) {
            for (int slot = 0; slot < worker.slots(); slot++) {
                claims.add(controller.claim("test-query", Priority.INTERACTIVE, worker.workerId(), null));
            }
        }
        return claims;
    }

    private JsonNode awaitState(String invocationId, String state) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            view = api.get("/v1/invocation/" + invocationId).json();
            String current = view.get("invocation").get("state").asText();
            if (current.equals(state)) {
                return view;
            }
            if (!state.equals(current) && Stream.of("FINISHED", "FAILED", "CANCELLED").anyMatch(current::equals)) {
                throw new AssertionError("invocation " + invocationId + " ended " + current + " instead of " + state
                        + ": " + view);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("invocation " + invocationId + " did not reach " + state + ": " + view);
    }

    private static String firstRow(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            assertThat(resultSet.next()).isTrue();
            return resultSet.getString(1) + "," + resultSet.getString(2);
        }
    }

    private static byte[] sha256Chunks(byte[] input, int chunk, int rounds) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        for (int offset = 0; offset < Math.max(1, input.length); offset += chunk) {
            int length = Math.min(chunk, input.length - offset);
            byte[] state = new byte[0];
            for (int round = 0; round < rounds; round++) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(state);
                digest.update(input, offset, Math.max(0, length));
                state = digest.digest();
            }
            output.write(state);
        }
        return output.toByteArray();
    }

    private static byte[] deflate(byte[] input) {
        Deflater deflater = new Deflater(6);
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        byte[] buffer = new byte[65_536];
        while (!deflater.finished()) {
            output.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return output.toByteArray();
    }
}
