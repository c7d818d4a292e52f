package io.proteus.examples.function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.spi.function.FunctionCancelledException;
import io.proteus.spi.function.FunctionContext;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The example background functions as plain functions over bytes. */
class ExampleFunctionsTest {

    private static FunctionContext context(Map<String, String> arguments, boolean cancelled) {
        return new FunctionContext() {
            @Override
            public Map<String, String> arguments() {
                return arguments;
            }

            @Override
            public String workerId() {
                return "worker-test";
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
    }

    @Test
    void sha256HashesEachChunk() throws Exception {
        byte[] input = "hello, proteus".getBytes(UTF_8);
        byte[] output = new Sha256Function().apply(input, context(Map.of("chunk", "5"), false));
        assertThat(output).hasSize(3 * 32);
        byte[] first = MessageDigest.getInstance("SHA-256").digest("hello".getBytes(UTF_8));
        assertThat(java.util.Arrays.copyOfRange(output, 0, 32)).isEqualTo(first);
        byte[] twice = new Sha256Function().apply(input, context(Map.of("rounds", "2"), false));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(MessageDigest.getInstance("SHA-256").digest(input));
        digest.update(input);
        assertThat(twice).isEqualTo(digest.digest());
    }

    @Test
    void deflateThenInflateGivesTheInputBack() throws Exception {
        byte[] input = new byte[300_000];
        new Random(7).nextBytes(input);
        java.util.Arrays.fill(input, 0, 100_000, (byte) 'a');
        byte[] compressed = new DeflateFunction().apply(input, context(Map.of("level", "9"), false));
        assertThat(compressed.length).isLessThan(input.length);
        assertThat(new InflateFunction().apply(compressed, context(Map.of(), false))).isEqualTo(input);
        assertThatThrownBy(() -> new InflateFunction().apply("not zlib".getBytes(UTF_8), context(Map.of(), false)))
                .isInstanceOf(Exception.class);
    }

    @Test
    void cancelledFunctionsStop() {
        assertThatThrownBy(() -> new Sha256Function().apply(new byte[10], context(Map.of(), true)))
                .isInstanceOf(FunctionCancelledException.class);
        assertThatThrownBy(() -> new DeflateFunction().apply(new byte[10], context(Map.of(), true)))
                .isInstanceOf(FunctionCancelledException.class);
    }
}
