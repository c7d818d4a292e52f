package io.proteus.executor.scan;

import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.expression.kernel.CastKernel;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns batches read by a leaf into batches of the leaf's declared schema: selects source columns by position, moves
 * vectors whose type already matches (buffer transfer) and casts the others (for example a file column stored as
 * Int(32) that the plan reads as BIGINT).
 */
final class ColumnAdapter {

    private final Schema schema;
    private final int[] sourceColumns;
    private final CompiledExpression[] casts;
    private final EvaluationContext evaluation = new EvaluationContext();

    /**
     * @param sourceTypes the types of the source batch's columns
     * @param sourceColumns for each output column, the source column it comes from
     */
    ColumnAdapter(Schema schema, List<DataType> sourceTypes, int[] sourceColumns) {
        this.schema = schema;
        this.sourceColumns = sourceColumns.clone();
        this.casts = new CompiledExpression[sourceColumns.length];
        List<DataType> declared = Vectors.types(schema);
        for (int i = 0; i < sourceColumns.length; i++) {
            DataType source = sourceTypes.get(sourceColumns[i]);
            DataType target = declared.get(i);
            if (!CastKernel.isIdentity(source, target, false) || source.kind() == io.proteus.executor.type.TypeKind.DECIMAL
                    && source.precision() != target.precision()) {
                casts[i] = ExpressionCompiler.compile(new Call(ScalarFunction.CAST,
                        List.of(new InputReference(sourceColumns[i], source)), target), sourceTypes);
            }
        }
    }

    /** Builds an output batch from {@code source}; the source batch stays owned by the caller. */
    VectorSchemaRoot adapt(VectorSchemaRoot source, BufferAllocator allocator) {
        int rows = source.getRowCount();
        List<FieldVector> vectors = new ArrayList<>(sourceColumns.length);
        try {
            boolean bound = false;
            for (int i = 0; i < sourceColumns.length; i++) {
                Field field = schema.getFields().get(i);
                FieldVector target = field.createVector(allocator);
                vectors.add(target);
                if (casts[i] != null) {
                    if (!bound) {
                        evaluation.bind(source);
                        bound = true;
                    }
                    casts[i].evaluateInto(evaluation, target);
                }
            }
            for (int i = 0; i < sourceColumns.length; i++) {
                if (casts[i] == null) {
                    source.getVector(sourceColumns[i]).makeTransferPair(vectors.get(i)).transfer();
                    Vectors.setValueCount(vectors.get(i), rows);
                }
            }
            return new VectorSchemaRoot(schema.getFields(), vectors, rows);
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
    }
}
