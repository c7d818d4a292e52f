package io.proteus.spi.function;

import java.util.Map;

/** What a {@link BackgroundFunction} sees of its invocation: its arguments, where it runs, and whether to stop. */
public interface FunctionContext {

    /** The arguments the function was registered with (string values; the function parses them). */
    Map<String, String> arguments();

    /** The id of the worker running the function. */
    String workerId();

    /** Whether the invocation was cancelled or preempted; the function should stop as soon as it sees true. */
    boolean isCancelled();

    /** Throws {@link FunctionCancelledException} if {@link #isCancelled()}. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new FunctionCancelledException("the invocation was cancelled or preempted");
        }
    }

    /** An argument parsed as an int, or the default when absent. */
    default int intArgument(String name, int defaultValue) {
        String value = arguments().get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + name + " must be an integer, not '" + value + "'", e);
        }
    }
}
