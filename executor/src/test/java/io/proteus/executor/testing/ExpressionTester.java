package io.proteus.executor.testing;

import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Evaluates expressions over small batches built from Java values, for tests. */
public final class ExpressionTester {

    private final BufferAllocator allocator;

    public ExpressionTester(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    public static InputReference ref(int index, DataType type) {
        return new InputReference(index, type);
    }

    public static Call call(ScalarFunction function, DataType type, Expression... operands) {
        return Call.of(function, type, operands);
    }

    public static Literal literal(String text, DataType type) {
        return new Literal(text, type);
    }

    /** Evaluates {@code expression} over every row and returns the results as Java values. */
    public List<Object> evaluate(Expression expression, List<DataType> types, List<List<Object>> rows) {
        try (VectorSchemaRoot batch = TestData.batch(allocator, types, rows)) {
            CompiledExpression compiled = ExpressionCompiler.compile(expression, types);
            EvaluationContext context = new EvaluationContext();
            context.bind(batch);
            try (FieldVector vector = compiled.type().withNullable(true).toField("result").createVector(allocator)) {
                compiled.evaluateInto(context, vector);
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    values.add(TestData.value(vector, i));
                }
                return values;
            }
        }
    }

    /** Evaluates an expression without inputs (one row). */
    public Object evaluate(Expression expression) {
        List<Object> values = evaluate(expression, List.of(DataType.integer(true)), List.of(TestData.row(0)));
        return values.getFirst();
    }

    /** Evaluates over one column of values. */
    public List<Object> evaluateColumn(Expression expression, DataType type, Object... values) {
        List<List<Object>> rows = new ArrayList<>();
        for (Object value : values) {
            rows.add(TestData.row(value));
        }
        return evaluate(expression, List.of(type), rows);
    }
}
