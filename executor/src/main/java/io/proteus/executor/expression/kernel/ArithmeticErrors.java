package io.proteus.executor.expression.kernel;

import io.proteus.executor.DataException;
import io.proteus.executor.type.TypeKind;

/** The data errors arithmetic raises. */
final class ArithmeticErrors {

    private ArithmeticErrors() {
    }

    static DataException divisionByZero() {
        return new DataException("division by zero");
    }

    static DataException overflow(TypeKind kind) {
        return new DataException(kind.name().toLowerCase(java.util.Locale.ROOT) + " overflow");
    }
}
