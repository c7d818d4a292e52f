package io.proteus.server.cli;

import io.proteus.server.security.PasswordHash;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code proteus new-token}: prints a new random API token and the hash to put in the users file. */
@Command(name = "new-token", mixinStandardHelpOptions = true,
        description = "Print a new random API token (give it to the client) and its hash (put it in the users file).")
final class NewTokenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String token = PasswordHash.newToken();
        PrintWriter out = spec.commandLine().getOut();
        out.println("token: " + token);
        out.println("hash:  " + PasswordHash.hashToken(token));
        return 0;
    }
}
