package io.proteus.executor.operator.join;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import io.proteus.executor.vector.VectorCopy;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The part all joins share: the output schema (left ++ right, outer sides nullable; left only for SEMI and ANTI),
 * evaluation of the residual condition over candidate pairs (column {@code i} of the joined row is gathered from the
 * left side for {@code i < leftWidth}, else from the right), and building output batches from row pairs with
 * type-specialised gathers ({@code -1} rows give NULLs), optionally of only the columns read above the join.
 */
final class JoinEmitter {

    private final JoinType joinType;
    private final Schema schema;
    private final int leftWidth;
    private final int rightWidth;
    private final int[] outputColumns;
    private final CompiledExpression residual;
    private final EvaluationContext evaluation = new EvaluationContext();
    private final BufferAllocator allocator;
    private int[] nullRows = new int[0];

    JoinEmitter(JoinType joinType, Schema left, Schema right, Expression residual, BufferAllocator allocator) {
        this(joinType, left, right, residual, null, allocator);
    }

    /**
     * An emitter whose output batches hold only the joined row's columns {@code outputColumns} (increasing numbers
     * into left ++ right), or every column when null: columns nobody reads are not gathered at all.
     */
    JoinEmitter(JoinType joinType, Schema left, Schema right, Expression residual, int[] outputColumns,
            BufferAllocator allocator) {
        this.joinType = requireNonNull(joinType, "joinType");
        this.allocator = requireNonNull(allocator, "allocator");
        this.leftWidth = left.getFields().size();
        this.rightWidth = right.getFields().size();
        List<Field> fields = new ArrayList<>();
        boolean leftNullable = joinType == JoinType.RIGHT || joinType == JoinType.FULL;
        boolean rightNullable = joinType == JoinType.LEFT || joinType == JoinType.FULL;
        for (Field field : left.getFields()) {
            fields.add(leftNullable ? nullable(field) : field);
        }
        if (emitsRight()) {
            for (Field field : right.getFields()) {
                fields.add(rightNullable ? nullable(field) : field);
            }
        }
        if (outputColumns == null) {
            this.outputColumns = IntStream.range(0, fields.size()).toArray();
        } else {
            for (int i = 0; i < outputColumns.length; i++) {
                if (outputColumns[i] < 0 || outputColumns[i] >= fields.size() || (i > 0 && outputColumns[i] <= outputColumns[i - 1])) {
                    throw new IllegalArgumentException("output columns must be increasing column numbers below "
                            + fields.size() + ": " + Arrays.toString(outputColumns));
                }
            }
            this.outputColumns = outputColumns.clone();
        }
        List<Field> outputFields = new ArrayList<>(this.outputColumns.length);
        for (int column : this.outputColumns) {
            outputFields.add(fields.get(column));
        }
        this.schema = new Schema(outputFields);
        if (residual == null) {
            this.residual = null;
        } else {
            List<DataType> types = new ArrayList<>(Vectors.types(left));
            types.addAll(Vectors.types(right));
            this.residual = ExpressionCompiler.compile(residual, types);
        }
    }

    private static Field nullable(Field field) {
        return field.isNullable() ? field : DataType.fromField(field).withNullable(true).toField(field.getName());
    }

    Schema schema() {
        return schema;
    }

    JoinType joinType() {
        return joinType;
    }

    boolean hasResidual() {
        return residual != null;
    }

    /** Whether output rows carry the right side's columns (not for SEMI and ANTI). */
    boolean emitsRight() {
        return joinType != JoinType.SEMI && joinType != JoinType.ANTI;
    }

    /** Whether matching pairs are output (INNER and outer joins). */
    boolean emitsPairs() {
        return emitsRight();
    }

    /** Whether unmatched left rows are output null-extended (LEFT, FULL) or as they are (ANTI). */
    boolean emitsUnmatchedLeft() {
        return joinType == JoinType.LEFT || joinType == JoinType.FULL || joinType == JoinType.ANTI;
    }

    /** Whether unmatched right rows are output null-extended. */
    boolean emitsUnmatchedRight() {
        return joinType == JoinType.RIGHT || joinType == JoinType.FULL;
    }

    /**
     * Keeps the pairs for which the residual condition is TRUE, compacting both row arrays in place; returns how many
     * remain. Without a residual every pair is kept.
     */
    int applyResidual(List<FieldVector> left, int[] leftRows, List<FieldVector> right, int[] rightRows, int count) {
        if (residual == null || count == 0) {
            return count;
        }
        evaluation.bindPairs(left, leftRows, right, rightRows, count);
        BooleanColumn result = (BooleanColumn) residual.evaluate(evaluation);
        int kept = 0;
        for (int k = 0; k < count; k++) {
            if (result.isTrue(k)) {
                leftRows[kept] = leftRows[k];
                rightRows[kept] = rightRows[k];
                kept++;
            }
        }
        return kept;
    }

    /** An output batch of {@code count} pairs; a {@code -1} row on either side gives NULLs for that side. */
    VectorSchemaRoot build(List<FieldVector> left, int[] leftRows, List<FieldVector> right, int[] rightRows, int count) {
        List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
        try {
            for (int output = 0; output < outputColumns.length; output++) {
                int column = outputColumns[output];
                FieldVector target = schema.getFields().get(output).createVector(allocator);
                vectors.add(target);
                if (column < leftWidth) {
                    VectorCopy.gather(left.get(column), leftRows == null ? nulls(count) : leftRows, count, target, 0);
                } else {
                    VectorCopy.gather(right.get(column - leftWidth), rightRows == null ? nulls(count) : rightRows, count,
                            target, 0);
                }
                Vectors.setValueCount(target, count);
            }
            return new VectorSchemaRoot(schema.getFields(), vectors, count);
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
    }

    private int[] nulls(int count) {
        if (nullRows.length < count) {
            nullRows = new int[Math.max(count, 64)];
            Arrays.fill(nullRows, -1);
        }
        return nullRows;
    }

    /** Collects the rows whose matched flag equals {@code matched} from {@code 0..rows-1}. */
    static int select(boolean[] flags, int rows, boolean matched, int[] out) {
        int count = 0;
        for (int i = 0; i < rows; i++) {
            if (flags[i] == matched) {
                out[count++] = i;
            }
        }
        return count;
    }
}
