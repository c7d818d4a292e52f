package io.proteus.examples.function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.spi.function.FunctionCancelledException;
import io.proteus.spi.function.FunctionContext;
import java.security.MessageDigest;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
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
    void arrowScaleMultipliesIntegerColumnsAndKeepsTheOthers() {
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector numbers = new BigIntVector("n", allocator);
                VarCharVector names = new VarCharVector("name", allocator)) {
            numbers.allocateNew(3);
            names.allocateNew(3);
            numbers.set(0, 5);
            numbers.setNull(1);
            numbers.set(2, -7);
            names.setSafe(0, "a".getBytes(UTF_8));
            names.setSafe(1, "b".getBytes(UTF_8));
            names.setNull(2);
            numbers.setValueCount(3);
            names.setValueCount(3);
            VectorSchemaRoot input = new VectorSchemaRoot(List.of(numbers, names));
            try (VectorSchemaRoot output = new ScaleIntegersFunction().apply(input, allocator,
                    context(Map.of("factor", "3"), false))) {
                assertThat(output.getRowCount()).isEqualTo(3);
                BigIntVector scaled = (BigIntVector) output.getVector("n");
                assertThat(scaled.get(0)).isEqualTo(15);
                assertThat(scaled.isNull(1)).isTrue();
                assertThat(scaled.get(2)).isEqualTo(-21);
                VarCharVector copied = (VarCharVector) output.getVector("name");
                assertThat(new String(copied.get(1), UTF_8)).isEqualTo("b");
                assertThat(copied.isNull(2)).isTrue();
            }
        }
    }

    @Test
    void cancelledFunctionsStop() {
        assertThatThrownBy(() -> new Sha256Function().apply(new byte[10], context(Map.of(), true)))
                .isInstanceOf(FunctionCancelledException.class);
        assertThatThrownBy(() -> new DeflateFunction().apply(new byte[10], context(Map.of(), true)))
                .isInstanceOf(FunctionCancelledException.class);
    }
}
