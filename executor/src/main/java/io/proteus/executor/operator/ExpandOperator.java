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
 * Emits each input batch once per projection ({@link io.proteus.executor.plan.ExpandNode}). The input batch is kept
 * until its last projection has been computed, then closed; each output batch is new vectors owned by the caller.
 */
public final class ExpandOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final List<List<CompiledExpression>> projections = new ArrayList<>();
    /**
     * For each column of the last projection, the input column moved into it (its buffers transferred, not copied:
     * the input batch is not read again after the last projection), or -1 when it is computed.
     */
    private final int[] lastTransferredFrom;
    private final Schema schema;
    private final EvaluationContext evaluation = new EvaluationContext();
    private VectorSchemaRoot current;
    private int nextProjection;

    public ExpandOperator(OperatorContext context, Operator input, List<List<Expression>> projections) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        List<DataType> inputTypes = input.types();
        for (List<Expression> projection : projections) {
            this.projections.add(ExpressionCompiler.compileAll(projection, inputTypes));
        }
        List<Field> fields = new ArrayList<>();
        List<Expression> first = projections.get(0);
        for (int i = 0; i < first.size(); i++) {
            // Nullable when any projection may produce NULL in this column.
            boolean nullable = false;
            for (List<Expression> projection : projections) {
                nullable |= projection.get(i).type().nullable();
            }
            fields.add(first.get(i).type().withNullable(nullable).toField("c" + i));
        }
        this.schema = new Schema(fields);
        List<Expression> last = projections.getLast();
        this.lastTransferredFrom = new int[last.size()];
        boolean[] moved = new boolean[inputTypes.size()];
        for (int i = 0; i < last.size(); i++) {
            lastTransferredFrom[i] = -1;
            if (last.get(i) instanceof InputReference reference
                    && CastKernel.isIdentity(inputTypes.get(reference.index()), last.get(i).type(), true)
                    && !moved[reference.index()]) {
                lastTransferredFrom[i] = reference.index();
                moved[reference.index()] = true;
            }
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        while (true) {
            if (current == null) {
                current = input.next();
                if (current == null) {
                    return null;
                }
                nextProjection = 0;
                if (current.getRowCount() == 0) {
                    current.close();
                    current = null;
                    continue;
                }
                evaluation.bind(current);
            }
            List<CompiledExpression> projection = projections.get(nextProjection++);
            boolean last = nextProjection == projections.size();
            List<FieldVector> vectors = new ArrayList<>(projection.size());
            int rows = current.getRowCount();
            try {
                for (int i = 0; i < projection.size(); i++) {
                    FieldVector vector = schema.getFields().get(i).createVector(context.allocator());
                    vectors.add(vector);
                    if (!last || lastTransferredFrom[i] < 0) {
                        projection.get(i).evaluateInto(evaluation, vector);
                    }
                }
                if (last) {
                    // Transfers after every computed column: those may read the input columns being moved.
                    for (int i = 0; i < projection.size(); i++) {
                        if (lastTransferredFrom[i] >= 0) {
                            current.getVector(lastTransferredFrom[i]).makeTransferPair(vectors.get(i)).transfer();
                            Vectors.setValueCount(vectors.get(i), rows);
                        }
                    }
                }
            } catch (RuntimeException e) {
                Batches.closeQuietly(vectors, e);
                throw e;
            }
            if (last) {
                current.close();
                current = null;
            }
            return new VectorSchemaRoot(schema.getFields(), vectors, rows);
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        input.close();
    }
}
