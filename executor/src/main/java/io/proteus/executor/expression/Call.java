package io.proteus.executor.expression;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;
import java.util.List;
import java.util.stream.Collectors;

/** An application of a {@link ScalarFunction} to operands, with the result type the planner derived. */
public record Call(ScalarFunction function, List<Expression> operands, DataType type) implements Expression {

    public Call {
        requireNonNull(function, "function");
        operands = List.copyOf(requireNonNull(operands, "operands"));
        requireNonNull(type, "type");
    }

    public static Call of(ScalarFunction function, DataType type, Expression... operands) {
        return new Call(function, List.of(operands), type);
    }

    @Override
    public String toString() {
        return function.name() + operands.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
