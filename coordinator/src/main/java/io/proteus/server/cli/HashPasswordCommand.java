package io.proteus.server.cli;

import io.proteus.server.security.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code proteus hash-password}: prints the PBKDF2 hash of a password for the users file. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Read a password (from the terminal without echo, or one line of standard input) and print its hash for the users file.")
final class HashPasswordCommand implements Callable<Integer> {

    @Option(names = "--iterations", description = "PBKDF2 iterations (default ${DEFAULT-VALUE}).",
            defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS)
    int iterations;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (iterations < 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--iterations must be at least 100000");
        }
        String password;
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            char[] typed = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (typed == null || again == null || !java.util.Arrays.equals(typed, again)) {
                spec.commandLine().getErr().println("the passwords differ");
                return 1;
            }
            password = new String(typed);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.isEmpty()) {
            spec.commandLine().getErr().println("no password given");
            return 1;
        }
        spec.commandLine().getOut().println(PasswordHash.hashPassword(password, iterations));
        return 0;
    }
}
