package io.proteus.examples.function;

import io.proteus.spi.function.ArrowBatchFunction;
import io.proteus.spi.function.BackgroundFunction;
import io.proteus.spi.function.FunctionProvider;
import java.util.List;

/** Registers the example background functions; named in {@code META-INF/services/io.proteus.spi.function.FunctionProvider}. */
public final class ExampleFunctions implements FunctionProvider {

    @Override
    public List<BackgroundFunction> functions() {
        return List.of(new Sha256Function(), new DeflateFunction(), new InflateFunction());
    }

    @Override
    public List<ArrowBatchFunction> batchFunctions() {
        return List.of(new ScaleIntegersFunction());
    }
}
