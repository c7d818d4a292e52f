package io.proteus.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@code bin/proteus} command ({@code worker}, {@code coordinator}) in its own JVM, started with the test's class path,
 * for tests of a cluster of real processes. Its output goes to a log file under {@code target/}, printed when a test
 * wants it. Closing stops the process (SIGTERM, then SIGKILL).
 */
final class ForkedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ForkedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code ProteusMain} with the arguments, e.g. {@code worker --coordinator 127.0.0.1:8816}. */
    static ForkedProcess start(String name, String heap, List<String> arguments) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java,
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Darrow.enable_unsafe_memory_access=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Xmx" + heap, "-XX:MaxDirectMemorySize=3g", "-XX:+UseSerialGC", "-Xss4m",
                "-cp", System.getProperty("java.class.path"), "io.proteus.server.cli.ProteusMain"));
        command.addAll(arguments);
        Path directory = Path.of("target", "forked-processes");
        Files.createDirectories(directory);
        Path log = directory.resolve(name + "-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ForkedProcess(name, process, log);
    }

    /** A free TCP port on loopback (free now; the process binds it right after). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the condition holds, failing with the process's log after {@code timeout}. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !process.isAlive() && !condition.getAsBoolean()) {
                throw new AssertionError(name + ": " + what + " did not happen within " + timeout + "; log:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: the process dies at once, without leaving the cluster. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, ...) to the process with the system's {@code kill}. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
