package io.proteus.server.function;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.FunctionCall;
import io.proteus.dataplane.FunctionRunner;
import io.proteus.server.plugin.LoadedPlugin;
import io.proteus.spi.function.BackgroundFunction;
import io.proteus.spi.function.FunctionCancelledException;
import io.proteus.spi.function.FunctionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The background functions the loaded plugins provide, by name. The coordinator uses it to check the names a user
 * registers and invokes; each worker runs the functions through {@link #runner()}.
 */
public final class FunctionLibrary {

    /** One function of the library, as listings show it. */
    public record Entry(String name, String description, String plugin) {

        public Entry {
            requireNonNull(name, "name");
            requireNonNull(description, "description");
            requireNonNull(plugin, "plugin");
        }
    }

    private final Map<String, BackgroundFunction> functions = new LinkedHashMap<>();
    private final Map<String, String> plugins = new LinkedHashMap<>();

    private FunctionLibrary() {
    }

    /** The functions of the plugins (whose names the plugin loader has checked to be unique). */
    public static FunctionLibrary of(List<LoadedPlugin> loaded) {
        FunctionLibrary library = new FunctionLibrary();
        for (LoadedPlugin plugin : loaded) {
            for (BackgroundFunction function : plugin.functions()) {
                library.functions.put(function.name(), function);
                library.plugins.put(function.name(), plugin.name());
            }
        }
        return library;
    }

    public Optional<BackgroundFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    public List<Entry> entries() {
        return functions.values().stream()
                .map(function -> new Entry(function.name(), String.valueOf(function.description()), plugins.get(function.name())))
                .toList();
    }

    /**
     * Runs the library's functions on a worker: the function's own cancellation exception becomes a
     * {@link CancellationException}, which the worker reports as {@code CANCELLED}.
     */
    public FunctionRunner runner() {
        return (call, input, workerId, cancelled) -> {
            BackgroundFunction function = function(call.function()).orElseThrow(() -> new IllegalArgumentException(
                    "worker " + workerId + " has no background function " + call.function()));
            try {
                byte[] output = function.apply(input, new Context(call, workerId, cancelled));
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("function call " + call.id() + " was cancelled");
                }
                return output;
            } catch (FunctionCancelledException e) {
                CancellationException cancellation = new CancellationException(
                        "function call " + call.id() + " was cancelled: " + e.getMessage());
                cancellation.initCause(e);
                throw cancellation;
            }
        };
    }

    private record Context(FunctionCall call, String workerId, BooleanSupplier cancelled) implements FunctionContext {

        @Override
        public Map<String, String> arguments() {
            return call.arguments();
        }

        @Override
        public boolean isCancelled() {
            return cancelled.getAsBoolean();
        }
    }
}
