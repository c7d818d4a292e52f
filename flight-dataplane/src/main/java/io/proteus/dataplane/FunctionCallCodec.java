package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.TaskCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The body of {@link WorkerActions#RUN_FUNCTION}: a 4-byte big-endian length, the JSON {@link FunctionCall}, then the
 * input bytes as they are (no base64, no copy into JSON).
 */
public final class FunctionCallCodec {

    /** A decoded body. */
    public record Decoded(FunctionCall call, byte[] input) {

        public Decoded {
            requireNonNull(call, "call");
            requireNonNull(input, "input");
        }
    }

    private FunctionCallCodec() {
    }

    public static byte[] encode(FunctionCall call, byte[] input) {
        byte[] header = TaskCodec.encode(requireNonNull(call, "call"));
        requireNonNull(input, "input");
        return ByteBuffer.allocate(Integer.BYTES + header.length + input.length)
                .putInt(header.length).put(header).put(input).array();
    }

    public static Decoded decode(byte[] body) {
        return new Decoded(call(body), input(body));
    }

    /** The call of a body, without copying its input out. */
    public static FunctionCall call(byte[] body) {
        int headerLength = headerLength(body);
        return TaskCodec.decode(Arrays.copyOfRange(body, Integer.BYTES, Integer.BYTES + headerLength), FunctionCall.class);
    }

    /** A copy of the input of a body. */
    public static byte[] input(byte[] body) {
        return Arrays.copyOfRange(body, Integer.BYTES + headerLength(body), body.length);
    }

    private static int headerLength(byte[] body) {
        if (body == null || body.length < Integer.BYTES) {
            throw new IllegalArgumentException("the body is too short");
        }
        int headerLength = ByteBuffer.wrap(body).getInt();
        if (headerLength < 0 || headerLength > body.length - Integer.BYTES) {
            throw new IllegalArgumentException("bad header length " + headerLength);
        }
        return headerLength;
    }
}
