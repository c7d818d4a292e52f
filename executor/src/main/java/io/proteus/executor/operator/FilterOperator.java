package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Keeps the rows for which the condition is TRUE. Batches where every row passes are forwarded without copying; others
 * are compacted with type-specialised gathers; batches where no row passes are dropped.
 */
public final class FilterOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final CompiledExpression condition;
    private final EvaluationContext evaluation = new EvaluationContext();
    private int[] selection = new int[0];
    private boolean finished;

    public FilterOperator(OperatorContext context, Operator input, Expression condition) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        this.condition = ExpressionCompiler.compile(condition.type().kind() == io.proteus.executor.type.TypeKind.NULL
                ? new io.proteus.executor.expression.Call(io.proteus.executor.expression.ScalarFunction.CAST,
                        java.util.List.of(condition), DataType.bool(true))
                : condition, input.types());
        if (this.condition.type().kind() != io.proteus.executor.type.TypeKind.BOOLEAN) {
            throw new IllegalArgumentException("filter condition is not BOOLEAN: " + condition);
        }
        if (this.condition.isConstant()) {
            evaluation.bindColumns(new io.proteus.executor.column.Column[0], 1);
            BooleanColumn value = (BooleanColumn) this.condition.evaluate(evaluation);
            finished = !value.isTrue(0);
        }
    }

    @Override
    public Schema schema() {
        return input.schema();
    }

    @Override
    public java.util.List<DataType> types() {
        return input.types();
    }

    @Override
    public VectorSchemaRoot next() {
        while (!finished) {
            VectorSchemaRoot batch = input.next();
            if (batch == null) {
                finished = true;
                return null;
            }
            int rows = batch.getRowCount();
            if (rows == 0 || condition.isConstant()) {
                if (rows == 0) {
                    batch.close();
                    continue;
                }
                return batch;
            }
            try {
                evaluation.bind(batch);
                BooleanColumn result = (BooleanColumn) condition.evaluate(evaluation);
                if (selection.length < rows) {
                    selection = new int[rows];
                }
                int count = selectTrue(result, rows, selection);
                if (count == rows) {
                    return batch;
                }
                if (count > 0) {
                    VectorSchemaRoot output = Batches.gather(input.schema(), batch.getFieldVectors(), selection, count,
                            context.allocator());
                    batch.close();
                    return output;
                }
                batch.close();
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
        }
        return null;
    }

    /** Writes the positions of TRUE rows (not FALSE, not NULL) to {@code selection} and returns their number. */
    public static int selectTrue(BooleanColumn result, int rows, int[] selection) {
        boolean[] values = result.values();
        int count = 0;
        if (result.mayHaveNulls()) {
            boolean[] nulls = result.nulls();
            for (int i = 0; i < rows; i++) {
                selection[count] = i;
                count += values[i] & !nulls[i] ? 1 : 0;
            }
        } else {
            for (int i = 0; i < rows; i++) {
                selection[count] = i;
                count += values[i] ? 1 : 0;
            }
        }
        return count;
    }

    @Override
    public void close() {
        finished = true;
        input.close();
    }
}
