package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.kernel.CastKernel;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Computes one output column per expression. Bare column references are moved (buffer transfer, no copy) from the
 * input batch; other expressions are evaluated column-at-a-time and written into new vectors.
 */
public final class ProjectOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final List<CompiledExpression> expressions;
    /** For each output column, the input column moved into it, or -1 when it is computed. */
    private final int[] transferredFrom;
    private final Schema schema;
    private final EvaluationContext evaluation = new EvaluationContext();
    private final CompiledExpression filter;
    private int[] selection = new int[0];

    public ProjectOperator(OperatorContext context, Operator input, List<Expression> expressions) {
        this(context, input, expressions, null);
    }

    /**
     * A projection of the input rows for which {@code filter} is TRUE (a filter fused into the projection: computed
     * columns are evaluated over the kept rows only, and only projected columns are copied).
     */
    public ProjectOperator(OperatorContext context, Operator input, List<Expression> expressions, Expression filter) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        List<DataType> inputTypes = input.types();
        this.expressions = ExpressionCompiler.compileAll(expressions, inputTypes);
        this.transferredFrom = new int[expressions.size()];
        boolean[] used = new boolean[inputTypes.size()];
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            Expression expression = expressions.get(i);
            transferredFrom[i] = -1;
            String name = "c" + i;
            if (expression instanceof InputReference reference
                    && CastKernel.isIdentity(inputTypes.get(reference.index()), expression.type(), true)
                    && !used[reference.index()]) {
                transferredFrom[i] = reference.index();
                used[reference.index()] = true;
                name = input.schema().getFields().get(reference.index()).getName();
            }
            fields.add(expression.type().toField(name));
        }
        this.schema = new Schema(fields);
        this.filter = filter == null ? null : ExpressionCompiler.compile(filter, inputTypes);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        VectorSchemaRoot batch;
        while ((batch = input.next()) != null) {
            if (filter == null) {
                return project(batch);
            }
            int rows = batch.getRowCount();
            int count;
            try {
                evaluation.bind(batch);
                io.proteus.executor.column.BooleanColumn condition =
                        (io.proteus.executor.column.BooleanColumn) filter.evaluate(evaluation);
                if (selection.length < rows) {
                    selection = new int[rows];
                }
                count = FilterOperator.selectTrue(condition, rows, selection);
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
            if (count == rows) {
                return project(batch);
            }
            if (count > 0) {
                return projectSelected(batch, count);
            }
            batch.close();
        }
        return null;
    }

    /** Projects rows {@code selection[0..count-1]} of the batch (which is closed here). */
    private VectorSchemaRoot projectSelected(VectorSchemaRoot batch, int count) {
        List<FieldVector> vectors = new ArrayList<>(expressions.size());
        try {
            for (int i = 0; i < expressions.size(); i++) {
                FieldVector vector = schema.getFields().get(i).createVector(context.allocator());
                vectors.add(vector);
                if (transferredFrom[i] >= 0) {
                    io.proteus.executor.vector.VectorCopy.gather(batch.getVector(transferredFrom[i]), selection, count,
                            vector, 0);
                    Vectors.setValueCount(vector, count);
                } else {
                    io.proteus.executor.column.Column column = expressions.get(i).evaluate(evaluation, selection, count);
                    io.proteus.executor.column.ColumnWriter.write(column, selection, count, vector);
                }
            }
            batch.close();
            return new VectorSchemaRoot(schema.getFields(), vectors, count);
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            batch.close();
            throw e;
        }
    }

    /** Projects every row of the batch (which is closed here). */
    private VectorSchemaRoot project(VectorSchemaRoot batch) {
        List<FieldVector> vectors = new ArrayList<>(expressions.size());
        try {
            int rows = batch.getRowCount();
            evaluation.bind(batch);
            for (int i = 0; i < expressions.size(); i++) {
                FieldVector vector = schema.getFields().get(i).createVector(context.allocator());
                vectors.add(vector);
                if (transferredFrom[i] < 0) {
                    expressions.get(i).evaluateInto(evaluation, vector);
                }
            }
            // Transfers last: computed columns may read the moved inputs.
            for (int i = 0; i < expressions.size(); i++) {
                if (transferredFrom[i] >= 0) {
                    batch.getVector(transferredFrom[i]).makeTransferPair(vectors.get(i)).transfer();
                    Vectors.setValueCount(vectors.get(i), rows);
                }
            }
            batch.close();
            return new VectorSchemaRoot(schema.getFields(), vectors, rows);
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            batch.close();
            throw e;
        }
    }

    @Override
    public void close() {
        input.close();
    }
}
