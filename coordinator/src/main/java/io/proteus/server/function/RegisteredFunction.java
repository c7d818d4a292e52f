package io.proteus.server.function;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A function registered over the API: a name bound to one function of a plugin with fixed arguments, so that chains
 * can refer to it. Every plugin function is also available under its own name without arguments.
 *
 * @param name the registered name
 * @param function the plugin function it runs
 * @param arguments the arguments passed to every call
 * @param owner the user who registered it (only they may remove it)
 * @param registered when it was registered
 */
public record RegisteredFunction(String name, String function, Map<String, String> arguments, String owner,
        Instant registered) {

    public RegisteredFunction {
        requireNonNull(name, "name");
        requireNonNull(function, "function");
        arguments = Map.copyOf(arguments);
        requireNonNull(owner, "owner");
        requireNonNull(registered, "registered");
    }
}
