package io.proteus.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body of {@code proteus.run-function}: the call and the raw input bytes survive the round trip. */
class FunctionCallCodecTest {

    @Test
    void roundTripsTheCallAndTheInput() {
        FunctionCall call = new FunctionCall("inv-7", 2, 1, "sha256", Map.of("rounds", "3"));
        byte[] input = {0, 1, 2, (byte) 0xff, 42};
        FunctionCallCodec.Decoded decoded = FunctionCallCodec.decode(FunctionCallCodec.encode(call, input));
        assertThat(decoded.call()).isEqualTo(call);
        assertThat(decoded.input()).isEqualTo(input);
        assertThat(decoded.call().id()).isEqualTo("inv-7/step2/a1");
        assertThat(FunctionCallCodec.decode(FunctionCallCodec.encode(call, new byte[0])).input()).isEmpty();
    }

    @Test
    void rejectsMalformedBodies() {
        assertThatThrownBy(() -> FunctionCallCodec.decode(new byte[] {0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FunctionCallCodec.decode(new byte[] {0, 0, 0, 99, 1})).isInstanceOf(IllegalArgumentException.class);
    }
}
