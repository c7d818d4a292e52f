package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import java.util.List;

/**
 * One aggregate computed by an {@link AggregateNode}: the function, its argument columns (input column indexes; for
 * {@link AggregateStep#FINAL} the first intermediate-state column), an optional filter column (a BOOLEAN input column;
 * only rows where it is TRUE are aggregated; -1 for none) and the final result type.
 */
public record AggregateCall(AggregateFunction function, List<Integer> arguments, int filterColumn, DataType type) {

    public AggregateCall {
        requireNonNull(function, "function");
        arguments = List.copyOf(arguments);
        requireNonNull(type, "type");
    }

    public static AggregateCall of(AggregateFunction function, DataType type, Integer... arguments) {
        return new AggregateCall(function, List.of(arguments), -1, type);
    }
}
