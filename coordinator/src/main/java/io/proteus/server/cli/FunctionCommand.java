package io.proteus.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code proteus function}: the background function API from the command line, over the coordinator's HTTP API
 * (list, register, invoke, status, output, cancel). Credentials: {@code --user} with the password in
 * {@code $PROTEUS_PASSWORD}, or an API token in {@code $PROTEUS_TOKEN}; none for a server without users.
 */
@Command(name = "function", mixinStandardHelpOptions = true,
        description = "Register and invoke background functions (plugin functions over bytes, run at low priority in idle "
                + "slots) on a running server, over its HTTP API.",
        subcommands = {FunctionCommand.ListFunctions.class, FunctionCommand.Register.class, FunctionCommand.Invoke.class,
                FunctionCommand.Status.class, FunctionCommand.Output.class, FunctionCommand.Cancel.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the server refused or failed the request, or the invocation failed", "2:invalid options"})
final class FunctionCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELLED");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The coordinator's HTTP address (default ${DEFAULT-VALUE}).", scope = CommandLine.ScopeType.INHERIT)
    String server;

    @Option(names = "--user", paramLabel = "NAME", scope = CommandLine.ScopeType.INHERIT,
            description = "User name; the password is read from $PROTEUS_PASSWORD. Without it, $PROTEUS_TOKEN is sent "
                    + "as a bearer token if set.")
    String user;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** An HTTP reply. */
    record Reply(int status, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String error() {
            try {
                JsonNode node = json().get("error");
                return node == null ? new String(body, StandardCharsets.UTF_8) : node.asText();
            } catch (IOException e) {
                return new String(body, StandardCharsets.UTF_8);
            }
        }
    }

    Reply send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        String password = System.getenv("PROTEUS_PASSWORD");
        String token = System.getenv("PROTEUS_TOKEN");
        if (user != null) {
            if (password == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--user needs the password in $PROTEUS_PASSWORD");
            }
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } else if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        }
    }

    int fail(PrintWriter err, String what, Reply reply) {
        err.println("proteus function: " + what + ": " + (reply.status() == 401 ? "unauthenticated (see --user)" : reply.error()));
        err.flush();
        return 1;
    }

    static void printInvocation(PrintWriter out, JsonNode invocation) {
        out.printf("%s  %s  chain %s  step %d  preemptions %d  %.2f s  input %d B  output %d B%n",
                invocation.get("invocationId").asText(), invocation.get("state").asText(),
                String.join(" -> ", JSON.convertValue(invocation.get("chain"), String[].class)),
                invocation.get("step").asInt(), invocation.get("preemptions").asInt(),
                invocation.get("elapsedSeconds").asDouble(), invocation.get("inputBytes").asLong(),
                invocation.get("outputBytes").asLong());
        for (JsonNode step : invocation.get("steps")) {
            out.printf("  step %d %s attempt %d on %s: %s after %.3f s%n", step.get("step").asInt(),
                    step.get("function").asText(), step.get("attempt").asInt(), step.get("workerId").asText(),
                    step.get("outcome").asText(), step.get("seconds").asDouble());
        }
        if (invocation.hasNonNull("error")) {
            out.println("  error: " + invocation.get("error").asText());
        }
    }

    /** {@code proteus function list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "The plugin functions and the registered ones.")
    static final class ListFunctions implements Callable<Integer> {
        @ParentCommand
        FunctionCommand parent;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = parent.spec.commandLine().getOut();
            Reply reply = parent.send("GET", "/v1/function", null);
            if (reply.status() != 200) {
                return parent.fail(parent.spec.commandLine().getErr(), "cannot list the functions", reply);
            }
            JsonNode answer = reply.json();
            out.println("Plugin functions:");
            for (JsonNode function : answer.get("available")) {
                out.printf("  %-16s %s (plugin %s)%n", function.get("name").asText(), function.get("description").asText(),
                        function.get("plugin").asText());
            }
            out.println("Registered functions:");
            for (JsonNode function : answer.get("registered")) {
                out.printf("  %-16s = %s %s (by %s)%n", function.get("name").asText(), function.get("function").asText(),
                        function.get("arguments"), function.get("owner").asText());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code proteus function register NAME FUNCTION [--arg k=v]...}. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register NAME as the plugin function FUNCTION with fixed arguments.")
    static final class Register implements Callable<Integer> {
        @ParentCommand
        FunctionCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "FUNCTION")
        String function;

        @Option(names = "--arg", paramLabel = "KEY=VALUE", description = "An argument of the function (repeatable).")
        Map<String, String> arguments = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            Reply reply = parent.send("POST", "/v1/function", Map.of("name", name, "function", function, "arguments", arguments));
            if (reply.status() != 200) {
                return parent.fail(parent.spec.commandLine().getErr(), "cannot register " + name, reply);
            }
            parent.spec.commandLine().getOut().println("Registered " + name + " = " + function + " " + arguments);
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code proteus function invoke F1 [F2 ...] (--input FILE | --text TEXT) [--wait] [--out FILE]}. */
    @Command(name = "invoke", mixinStandardHelpOptions = true,
            description = "Invoke a function, or a chain of functions (each one's output is the next one's input), at "
                    + "background priority; prints the invocation id, or with --wait its outcome.")
    static final class Invoke implements Callable<Integer> {
        @ParentCommand
        FunctionCommand parent;

        @Parameters(arity = "1..*", paramLabel = "FUNCTION", description = "The chain, in order.")
        List<String> chain;

        @Option(names = "--input", paramLabel = "FILE", description = "The input bytes.")
        Path input;

        @Option(names = "--text", paramLabel = "TEXT", description = "The input as UTF-8 text.")
        String text;

        @Option(names = "--wait", description = "Wait until the invocation ends and print its outcome.")
        boolean await;

        @Option(names = "--out", paramLabel = "FILE", description = "With --wait: write the output bytes to FILE.")
        Path output;

        @Override
        public Integer call() throws Exception {
            if (input != null && text != null) {
                throw new CommandLine.ParameterException(parent.spec.commandLine(), "give --input or --text, not both");
            }
            byte[] bytes = input != null ? Files.readAllBytes(input)
                    : text != null ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
            Reply reply = parent.send("POST", "/v1/invocation",
                    Map.of("chain", chain, "input", Base64.getEncoder().encodeToString(bytes)));
            PrintWriter out = parent.spec.commandLine().getOut();
            if (reply.status() != 200) {
                return parent.fail(parent.spec.commandLine().getErr(), "cannot invoke " + chain, reply);
            }
            String invocationId = reply.json().get("invocationId").asText();
            if (!await) {
                out.println(invocationId);
                out.flush();
                return 0;
            }
            while (true) {
                Reply status = parent.send("GET", "/v1/invocation/" + invocationId, null);
                if (status.status() != 200) {
                    return parent.fail(parent.spec.commandLine().getErr(), "cannot read " + invocationId, status);
                }
                JsonNode view = status.json();
                JsonNode invocation = view.get("invocation");
                if (FINAL_STATES.contains(invocation.get("state").asText())) {
                    printInvocation(out, invocation);
                    if (output != null && view.hasNonNull("output")) {
                        Files.write(output, Base64.getDecoder().decode(view.get("output").asText()));
                        out.println("Wrote " + output);
                    }
                    out.flush();
                    return invocation.get("state").asText().equals("FINISHED") ? 0 : 1;
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@code proteus function status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "An invocation's state and steps.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        FunctionCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String invocationId;

        @Override
        public Integer call() throws Exception {
            Reply reply = parent.send("GET", "/v1/invocation/" + invocationId + "?output=false", null);
            if (reply.status() != 200) {
                return parent.fail(parent.spec.commandLine().getErr(), "cannot read " + invocationId, reply);
            }
            printInvocation(parent.spec.commandLine().getOut(), reply.json().get("invocation"));
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code proteus function output ID --out FILE}. */
    @Command(name = "output", mixinStandardHelpOptions = true, description = "Write a finished invocation's output to a file.")
    static final class Output implements Callable<Integer> {
        @ParentCommand
        FunctionCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String invocationId;

        @Option(names = "--out", paramLabel = "FILE", required = true)
        Path output;

        @Override
        public Integer call() throws Exception {
            Reply reply = parent.send("GET", "/v1/invocation/" + invocationId + "/output", null);
            if (reply.status() != 200) {
                return parent.fail(parent.spec.commandLine().getErr(), "no output of " + invocationId, reply);
            }
            Files.write(output, reply.body());
            parent.spec.commandLine().getOut().println("Wrote " + reply.body().length + " bytes to " + output);
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code proteus function cancel ID}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel an invocation.")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        FunctionCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String invocationId;

        @Override
        public Integer call() throws Exception {
            Reply reply = parent.send("DELETE", "/v1/invocation/" + invocationId, null);
            if (reply.status() != 200) {
                return parent.fail(parent.spec.commandLine().getErr(), "cannot cancel " + invocationId, reply);
            }
            boolean cancelled = reply.json().get("cancelled").asBoolean();
            parent.spec.commandLine().getOut().println(invocationId + (cancelled ? " cancelled" : " had already ended"));
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
