package io.proteus.server.function;

import static java.util.Objects.requireNonNull;

import io.proteus.dataplane.FunctionCall;
import io.proteus.dataplane.FunctionRunner;
import io.proteus.server.plugin.LoadedPlugin;
import io.proteus.spi.function.ArrowBatchFunction;
import io.proteus.spi.function.BackgroundFunction;
import io.proteus.spi.function.FunctionCancelledException;
import io.proteus.spi.function.FunctionContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * The background functions the loaded plugins provide, by name: functions over bytes and functions over Arrow record
 * batches. The coordinator uses it to check the names a user registers and invokes; each worker runs the functions
 * through {@link #runner()}.
 */
public final class FunctionLibrary {

    /**
     * One function of the library, as listings show it.
     *
     * @param name its name
     * @param description what it does
     * @param plugin the plugin that provides it
     * @param input {@code bytes}, or {@code arrow} for a function over an Arrow IPC stream
     */
    public record Entry(String name, String description, String plugin, String input) {

        public Entry {
            requireNonNull(name, "name");
            requireNonNull(description, "description");
            requireNonNull(plugin, "plugin");
            requireNonNull(input, "input");
        }
    }

    private final Map<String, BackgroundFunction> functions = new LinkedHashMap<>();
    private final Map<String, ArrowBatchFunction> batchFunctions = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    private FunctionLibrary() {
    }

    /** The functions of the plugins (whose names the plugin loader has checked to be unique). */
    public static FunctionLibrary of(List<LoadedPlugin> loaded) {
        FunctionLibrary library = new FunctionLibrary();
        for (LoadedPlugin plugin : loaded) {
            for (BackgroundFunction function : plugin.functions()) {
                library.functions.put(function.name(), function);
                library.entries.add(new Entry(function.name(), String.valueOf(function.description()), plugin.name(), "bytes"));
            }
            for (ArrowBatchFunction function : plugin.batchFunctions()) {
                library.batchFunctions.put(function.name(), function);
                library.entries.add(new Entry(function.name(), String.valueOf(function.description()), plugin.name(), "arrow"));
            }
        }
        return library;
    }

    /** Whether a plugin provides a function of this name. */
    public boolean contains(String name) {
        return functions.containsKey(name) || batchFunctions.containsKey(name);
    }

    public Optional<BackgroundFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Runs the library's functions on a worker: a function over batches reads its input as an Arrow IPC stream and
     * writes its output as one, with a child allocator of the worker per call; the function's own cancellation
     * exception becomes a {@link CancellationException}, which the worker reports as {@code CANCELLED}.
     */
    public FunctionRunner runner() {
        return (call, input, workerId, workerAllocator, cancelled) -> {
            Context context = new Context(call, workerId, cancelled);
            try {
                byte[] output;
                BackgroundFunction function = functions.get(call.function());
                if (function != null) {
                    output = function.apply(input, context);
                } else {
                    ArrowBatchFunction batchFunction = batchFunctions.get(call.function());
                    if (batchFunction == null) {
                        throw new IllegalArgumentException("worker " + workerId + " has no background function "
                                + call.function());
                    }
                    output = applyToBatches(batchFunction, input, workerAllocator, context);
                }
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

    private static byte[] applyToBatches(ArrowBatchFunction function, byte[] input, BufferAllocator workerAllocator,
            Context context) throws Exception {
        // One allocator per call: closing it checks that the function released every buffer it allocated.
        try (BufferAllocator allocator = workerAllocator.newChildAllocator("function-" + context.call().id(), 0,
                workerAllocator.getLimit())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(input), allocator)) {
                VectorSchemaRoot in;
                try {
                    in = reader.getVectorSchemaRoot();
                } catch (IOException e) {
                    throw new IllegalArgumentException("the input of " + function.name() + " is not an Arrow IPC stream: "
                            + e.getMessage(), e);
                }
                ArrowStreamWriter writer = null;
                VectorSchemaRoot written = null;
                try {
                    boolean any = false;
                    while (reader.loadNextBatch() || !any) {
                        any = true;
                        context.checkCancelled();
                        // The output batch is owned here: its buffers move into `written`, which the writer sends.
                        try (VectorSchemaRoot out = requireNonNull(function.apply(in, allocator, context),
                                function.name() + " returned no batch")) {
                            if (writer == null) {
                                written = VectorSchemaRoot.create(out.getSchema(), allocator);
                                writer = new ArrowStreamWriter(written, null, bytes);
                                writer.start();
                            } else if (!out.getSchema().equals(written.getSchema())) {
                                throw new IllegalStateException(function.name() + " returned batches of different schemas");
                            }
                            written.clear();
                            for (int column = 0; column < out.getFieldVectors().size(); column++) {
                                out.getVector(column).makeTransferPair(written.getVector(column)).transfer();
                            }
                            written.setRowCount(out.getRowCount());
                            writer.writeBatch();
                        }
                    }
                    writer.end();
                } finally {
                    if (writer != null) {
                        writer.close();
                    }
                    if (written != null) {
                        written.close();
                    }
                }
            }
            return bytes.toByteArray();
        }
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
