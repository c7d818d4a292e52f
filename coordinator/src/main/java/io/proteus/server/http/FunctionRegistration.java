package io.proteus.server.http;

import java.util.Map;

/**
 * The body of {@code POST /v1/function}: registers {@code name} as the plugin function {@code function} with fixed
 * arguments.
 */
public record FunctionRegistration(String name, String function, Map<String, String> arguments) {

    public FunctionRegistration {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }
}
