package io.proteus.executor.expression;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/** The input columns expressions read, and renumbering them when their input is narrowed to those columns. */
public final class InputColumns {

    private InputColumns() {
    }

    /** The input columns the expressions read, in increasing order. */
    public static int[] referenced(List<Expression> expressions) {
        BitSet columns = new BitSet();
        for (Expression expression : requireNonNull(expressions, "expressions")) {
            collect(expression, columns);
        }
        return columns.stream().toArray();
    }

    private static void collect(Expression expression, BitSet columns) {
        switch (expression) {
            case InputReference reference -> columns.set(reference.index());
            case Literal ignored -> {
            }
            case Call call -> call.operands().forEach(operand -> collect(operand, columns));
        }
    }

    /**
     * The expressions over an input narrowed to {@code kept} (increasing column numbers that include every column the
     * expressions read): column {@code kept[i]} becomes column {@code i}.
     */
    public static List<Expression> narrowed(List<Expression> expressions, int[] kept) {
        requireNonNull(kept, "kept");
        List<Expression> result = new ArrayList<>(expressions.size());
        for (Expression expression : expressions) {
            result.add(narrowed(expression, kept));
        }
        return result;
    }

    private static Expression narrowed(Expression expression, int[] kept) {
        return switch (expression) {
            case InputReference reference -> {
                int position = Arrays.binarySearch(kept, reference.index());
                if (position < 0) {
                    throw new IllegalArgumentException("column " + reference.index() + " is not kept");
                }
                yield new InputReference(position, reference.type());
            }
            case Literal literal -> literal;
            case Call call -> new Call(call.function(), narrowed(call.operands(), kept), call.type());
        };
    }
}
