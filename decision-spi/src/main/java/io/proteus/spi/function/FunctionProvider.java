package io.proteus.spi.function;

import java.util.List;

/**
 * The service a plugin jar registers in {@code META-INF/services/io.proteus.spi.function.FunctionProvider} to provide
 * background functions; Proteus finds it with {@link java.util.ServiceLoader} in the plugin's own class loader at
 * start-up, on the coordinator (to check names and list them) and on every worker (to run them).
 */
public interface FunctionProvider {

    /** The functions over bytes. */
    List<BackgroundFunction> functions();

    /** The functions over Arrow record batches (none unless overridden). */
    default List<ArrowBatchFunction> batchFunctions() {
        return List.of();
    }
}
