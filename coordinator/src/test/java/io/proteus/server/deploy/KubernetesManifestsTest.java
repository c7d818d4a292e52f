package io.proteus.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.proteus.server.cli.ProteusMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * Checks the Kubernetes manifests of {@code deploy/kubernetes} against the command line they run: each container's
 * arguments (with the ConfigMap's values and sample pod fields substituted) parse as a {@code proteus} command, the
 * ports they open are the ports the containers and Services declare, the probes ask the health endpoints those
 * commands serve, and the workers register at the coordinator Service's cluster port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

    private static final Path DIRECTORY = Path.of("..", "deploy", "kubernetes");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

    private final List<JsonNode> documents = new ArrayList<>();

    @BeforeAll
    void read() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode kustomization = yaml.readTree(DIRECTORY.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.get("resources")) {
            try (YAMLParser parser = new YAMLFactory().createParser(DIRECTORY.resolve(resource.asText()).toFile())) {
                documents.addAll(yaml.readValues(parser, JsonNode.class).readAll());
            }
        }
    }

    @Test
    void everyManifestFileIsPartOfTheKustomization() throws IOException {
        try (var files = Files.list(DIRECTORY)) {
            List<String> manifests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).sorted().toList();
            assertThat(manifests).containsExactly("configmap.yaml", "coordinator.yaml", "network-policy.yaml", "worker.yaml");
        }
        assertThat(documents).extracting(document -> document.get("kind").asText())
                .containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment", "Service", "StatefulSet", "NetworkPolicy");
    }

    @Test
    void theCoordinatorRunsWhatItsPortsAndProbesSay() {
        JsonNode container = container("Deployment", "proteus-coordinator");
        Map<String, String> options = parse(container, Map.of());
        assertThat(options).containsEntry("--flight-port", "8815").containsEntry("--http-port", "8080")
                .containsEntry("--cluster-port", "8816").containsEntry("--host", "0.0.0.0")
                .containsKey("--users").containsEntry("--max-running-queries", configMap().get("PROTEUS_MAX_RUNNING_QUERIES"));
        Map<String, Integer> ports = containerPorts(container);
        assertThat(ports).containsEntry("flight-sql", 8815).containsEntry("http", 8080).containsEntry("cluster", 8816);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/path").asText()).isEqualTo("/v1/health");
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).isEqualTo("http");
        }
        JsonNode service = resource("Service", "proteus-coordinator");
        List<String> servicePorts = new ArrayList<>();
        service.at("/spec/ports").forEach(port -> servicePorts.add(port.get("port").asInt() + "->" + port.get("targetPort").asText()));
        assertThat(servicePorts).containsExactlyInAnyOrder("8815->flight-sql", "8080->http", "8816->cluster");
        // The users file comes from the Secret the docs tell to create.
        assertThat(options.get("--users")).isEqualTo("/etc/proteus/users.json");
        assertThat(resource("Deployment", "proteus-coordinator").at("/spec/template/spec/volumes").findValuesAsText("secretName"))
                .containsExactly("proteus-users");
    }

    @Test
    void theWorkersRegisterAtTheCoordinatorServiceAndServeTheirProbes() {
        JsonNode container = container("StatefulSet", "proteus-worker");
        Map<String, String> options = parse(container, Map.of("POD_IP", "10.1.2.3", "POD_NAME", "proteus-worker-0"));
        assertThat(options).containsEntry("--coordinator", "proteus-coordinator:8816")
                .containsEntry("--advertise-address", "10.1.2.3").containsEntry("--node-id", "proteus-worker-0")
                .containsEntry("--slots", configMap().get("PROTEUS_WORKER_SLOTS"))
                .containsEntry("--memory", configMap().get("PROTEUS_WORKER_MEMORY"));
        Map<String, Integer> ports = containerPorts(container);
        assertThat(ports).containsEntry("flight", Integer.parseInt(options.get("--port")))
                .containsEntry("health", Integer.parseInt(options.get("--health-port")));
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("health");
        // The direct memory holds the Arrow budget.
        assertThat(gibibytes(configMap().get("PROTEUS_WORKER_DIRECT_MEMORY")))
                .isGreaterThan(gibibytes(configMap().get("PROTEUS_WORKER_MEMORY")));
    }

    private static long gibibytes(String size) {
        assertThat(size).endsWith("g");
        return Long.parseLong(size.substring(0, size.length() - 1));
    }

    /** Parses the container's arguments as a proteus command; returns its options by name. */
    private Map<String, String> parse(JsonNode container, Map<String, String> podFields) {
        Map<String, String> values = new HashMap<>(podFields);
        for (JsonNode variable : container.get("env")) {
            JsonNode key = variable.at("/valueFrom/configMapKeyRef/key");
            if (!key.isMissingNode()) {
                values.put(variable.get("name").asText(), configMap().get(key.asText()));
            }
        }
        List<String> arguments = new ArrayList<>();
        for (JsonNode argument : container.get("args")) {
            Matcher matcher = VARIABLE.matcher(argument.asText());
            StringBuilder expanded = new StringBuilder();
            while (matcher.find()) {
                assertThat(values).as("variable of %s", argument).containsKey(matcher.group(1));
                matcher.appendReplacement(expanded, Matcher.quoteReplacement(values.get(matcher.group(1))));
            }
            matcher.appendTail(expanded);
            arguments.add(expanded.toString());
        }
        CommandLine.ParseResult result = new CommandLine(new ProteusMain()).parseArgs(arguments.toArray(String[]::new));
        assertThat(result.hasSubcommand()).isTrue();
        Map<String, String> options = new HashMap<>();
        result.subcommand().matchedOptions().forEach(option -> options.put(option.longestName(), option.getValue().toString()));
        return options;
    }

    private Map<String, String> configMap() {
        Map<String, String> data = new HashMap<>();
        resource("ConfigMap", "proteus-config").get("data").properties()
                .forEach(entry -> data.put(entry.getKey(), entry.getValue().asText()));
        return data;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.get("ports").forEach(port -> ports.put(port.get("name").asText(), port.get("containerPort").asInt()));
        return ports;
    }

    private JsonNode container(String kind, String name) {
        JsonNode containers = resource(kind, name).at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private JsonNode resource(String kind, String name) {
        return documents.stream()
                .filter(document -> document.get("kind").asText().equals(kind)
                        && document.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIRECTORY));
    }
}
