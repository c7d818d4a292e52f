package io.proteus.examples.function;

import io.proteus.spi.function.BackgroundFunction;
import io.proteus.spi.function.FunctionContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code sha256}: a CPU-bound function over bytes. It cuts its input into chunks of {@code chunk} bytes (default 65536)
 * and hashes each chunk {@code rounds} times (default 1: the chunk's SHA-256; each further round hashes the previous
 * digest together with the chunk again). The output is the chunks' final digests, 32 bytes each, in order; an empty
 * input gives the digest of no bytes. It checks for preemption after every chunk and round.
 */
public final class Sha256Function implements BackgroundFunction {

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public String description() {
        return "SHA-256 of each chunk of the input (arguments: chunk=65536 bytes, rounds=1); 32 bytes per chunk";
    }

    @Override
    public byte[] apply(byte[] input, FunctionContext context) throws NoSuchAlgorithmException {
        int chunk = context.intArgument("chunk", 65_536);
        int rounds = context.intArgument("rounds", 1);
        if (chunk < 1 || rounds < 1) {
            throw new IllegalArgumentException("chunk and rounds must be positive");
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        int chunks = Math.max(1, (input.length + chunk - 1) / chunk);
        byte[] output = new byte[chunks * 32];
        for (int index = 0; index < chunks; index++) {
            int offset = index * chunk;
            int length = Math.min(chunk, input.length - offset);
            byte[] state = new byte[0];
            for (int round = 0; round < rounds; round++) {
                context.checkCancelled();
                digest.update(state);
                digest.update(input, offset, Math.max(0, length));
                state = digest.digest();
            }
            System.arraycopy(state, 0, output, index * 32, 32);
        }
        return output;
    }
}
