package io.proteus.executor.expression;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnWriter;
import io.proteus.executor.expression.kernel.ConstantKernel;
import io.proteus.executor.expression.kernel.Kernel;
import io.proteus.executor.type.DataType;
import org.apache.arrow.vector.FieldVector;

/**
 * An {@link Expression} compiled once for an operator into a tree of vectorised {@link Kernel}s. Evaluating it over a
 * bound {@link EvaluationContext} produces a whole column at a time. Not thread-safe: each operator owns its own.
 */
public final class CompiledExpression {

    private final Expression source;
    private final Kernel root;

    CompiledExpression(Expression source, Kernel root) {
        this.source = requireNonNull(source, "source");
        this.root = requireNonNull(root, "root");
    }

    /** The expression this was compiled from. */
    public Expression source() {
        return source;
    }

    /** The type of the produced values (the expression's declared type). */
    public DataType type() {
        return root.type();
    }

    /** Whether the value is the same for every row. */
    public boolean isConstant() {
        return root instanceof ConstantKernel;
    }

    /** Evaluates every row of the bound batch; the column is valid until the next evaluation. */
    public Column evaluate(EvaluationContext context) {
        return root.evaluate(context, null, context.rowCount());
    }

    /** Evaluates the selected rows (ascending positions) of the bound batch. */
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        return root.evaluate(context, selection, count);
    }

    /** Evaluates every row of the bound batch into a new vector (allocated here, empty on entry). */
    public void evaluateInto(EvaluationContext context, FieldVector vector) {
        Column column = evaluate(context);
        ColumnWriter.write(column, 0, context.rowCount(), vector);
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
