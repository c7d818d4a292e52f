package io.proteus.examples.function;

import io.proteus.spi.function.BackgroundFunction;
import io.proteus.spi.function.FunctionContext;
import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * {@code deflate}: compresses its input with DEFLATE (zlib format) at {@code level} (0-9, default 6), feeding it in
 * 64 KiB pieces and checking for preemption after each. {@code inflate} undoes it.
 */
public final class DeflateFunction implements BackgroundFunction {

    private static final int PIECE = 65_536;

    @Override
    public String name() {
        return "deflate";
    }

    @Override
    public String description() {
        return "zlib DEFLATE compression of the input (argument: level=6, 0-9)";
    }

    @Override
    public byte[] apply(byte[] input, FunctionContext context) {
        int level = context.intArgument("level", 6);
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("level must be between 0 and 9, not " + level);
        }
        Deflater deflater = new Deflater(level);
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream(Math.max(64, input.length / 2));
            byte[] buffer = new byte[PIECE];
            for (int offset = 0; offset < input.length; offset += PIECE) {
                context.checkCancelled();
                deflater.setInput(input, offset, Math.min(PIECE, input.length - offset));
                while (!deflater.needsInput()) {
                    output.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                output.write(buffer, 0, deflater.deflate(buffer));
            }
            return output.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
