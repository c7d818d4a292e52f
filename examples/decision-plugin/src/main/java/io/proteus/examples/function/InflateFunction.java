package io.proteus.examples.function;

import io.proteus.spi.function.BackgroundFunction;
import io.proteus.spi.function.FunctionContext;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** {@code inflate}: decompresses zlib DEFLATE data (the output of {@code deflate}); fails on anything else. */
public final class InflateFunction implements BackgroundFunction {

    @Override
    public String name() {
        return "inflate";
    }

    @Override
    public String description() {
        return "zlib DEFLATE decompression of the input (the inverse of deflate)";
    }

    @Override
    public byte[] apply(byte[] input, FunctionContext context) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(input);
            ByteArrayOutputStream output = new ByteArrayOutputStream(Math.max(64, input.length * 2));
            byte[] buffer = new byte[65_536];
            while (!inflater.finished()) {
                context.checkCancelled();
                int written = inflater.inflate(buffer);
                if (written == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("the input is not complete zlib DEFLATE data");
                }
                output.write(buffer, 0, written);
            }
            return output.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
