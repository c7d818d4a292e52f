package io.proteus.executor.expression;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.type.DataType;

/** A reference to column {@code index} of the input batch. */
public record InputReference(int index, DataType type) implements Expression {

    public InputReference {
        requireNonNull(type, "type");
        if (index < 0) {
            throw new IllegalArgumentException("negative input index " + index);
        }
    }

    @Override
    public String toString() {
        return "$" + index;
    }
}
