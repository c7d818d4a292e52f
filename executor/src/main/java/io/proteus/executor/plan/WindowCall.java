package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * One function evaluated by a {@link WindowNode}: the function, its argument columns (input column indexes, meaning as
 * {@link WindowFunction} describes) and its result type.
 */
public record WindowCall(WindowFunction function, List<Integer> arguments, DataType type) {

    public WindowCall {
        requireNonNull(function, "function");
        arguments = List.copyOf(arguments);
        requireNonNull(type, "type");
        for (int argument : arguments) {
            if (argument < 0) {
                throw new IllegalArgumentException("negative argument column " + argument + " of " + function);
            }
        }
    }

    public static WindowCall of(WindowFunction function, DataType type, Integer... arguments) {
        return new WindowCall(function, List.of(arguments), type);
    }
}
