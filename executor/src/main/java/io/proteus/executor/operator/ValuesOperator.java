package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnWriter;
import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Produces constant rows (literals converted to the column types), in batches of at most the target size. */
public final class ValuesOperator implements Operator {

    private final OperatorContext context;
    private final Schema schema;
    private final List<DataType> columnTypes;
    private final List<List<Literal>> rows;
    private int position;

    public ValuesOperator(OperatorContext context, List<DataType> columnTypes, List<List<Literal>> rows) {
        this.context = requireNonNull(context, "context");
        this.columnTypes = List.copyOf(columnTypes);
        this.rows = List.copyOf(rows);
        this.schema = Vectors.schema(this.columnTypes, null);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        if (position >= rows.size()) {
            return null;
        }
        int count = Math.min(TARGET_BATCH_ROWS, rows.size() - position);
        EvaluationContext evaluation = new EvaluationContext();
        evaluation.bindColumns(new Column[0], 1);
        List<FieldVector> vectors = new ArrayList<>(columnTypes.size());
        try {
            for (int column = 0; column < columnTypes.size(); column++) {
                DataType type = columnTypes.get(column);
                Column values = Column.create(type, count);
                values.prepareNulls();
                for (int row = 0; row < count; row++) {
                    Literal literal = rows.get(position + row).get(column);
                    CompiledExpression value = ExpressionCompiler.compile(
                            new Call(ScalarFunction.CAST, List.of(literal), type.withNullable(true)), List.of());
                    values.copyRow(row, value.evaluate(evaluation), 0);
                }
                FieldVector vector = schema.getFields().get(column).createVector(context.allocator());
                vectors.add(vector);
                ColumnWriter.write(values, 0, count, vector);
            }
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
        position += count;
        return new VectorSchemaRoot(schema.getFields(), vectors, count);
    }

    @Override
    public void close() {
        position = rows.size();
    }
}
