package io.proteus.server.http;

import java.util.List;

/**
 * The body of {@code POST /v1/invocation}: the chain of functions (registered or plugin names) and the input, either
 * as base64 ({@code input}) or as UTF-8 text ({@code inputText}); no input means empty bytes.
 */
public record InvocationRequest(List<String> chain, String input, String inputText) {

    public InvocationRequest {
        chain = chain == null ? List.of() : List.copyOf(chain);
    }
}
