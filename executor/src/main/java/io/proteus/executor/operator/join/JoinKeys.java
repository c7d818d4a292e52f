package io.proteus.executor.operator.join;

import io.proteus.executor.column.Column;
import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The equi-join keys of one side, converted to the types shared with the other side (so INTEGER = BIGINT or decimals of
 * different scales compare and hash alike), with helpers to hash them and find rows with NULL keys.
 */
final class JoinKeys {

    private final List<CompiledExpression> expressions;
    private final List<DataType> types;

    private JoinKeys(List<CompiledExpression> expressions, List<DataType> types) {
        this.expressions = expressions;
        this.types = types;
    }

    /** The key types both sides are converted to. */
    static List<DataType> commonTypes(List<DataType> leftTypes, List<Integer> leftKeys, List<DataType> rightTypes,
            List<Integer> rightKeys) {
        List<DataType> common = new ArrayList<>();
        for (int i = 0; i < leftKeys.size(); i++) {
            DataType left = leftTypes.get(check(leftKeys.get(i), leftTypes));
            DataType right = rightTypes.get(check(rightKeys.get(i), rightTypes));
            common.add(ExpressionCompiler.comparisonType(left, right).withNullable(true));
        }
        return common;
    }

    private static int check(int column, List<DataType> types) {
        if (column < 0 || column >= types.size()) {
            throw new IllegalArgumentException("join key column " + column + " does not exist; the input has "
                    + types.size() + " columns");
        }
        return column;
    }

    static JoinKeys of(List<Integer> keys, List<DataType> inputTypes, List<DataType> commonTypes) {
        List<Expression> casts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int column = keys.get(i);
            casts.add(new Call(ScalarFunction.CAST, List.of(new InputReference(column, inputTypes.get(column))),
                    commonTypes.get(i)));
        }
        return new JoinKeys(ExpressionCompiler.compileAll(casts, inputTypes), List.copyOf(commonTypes));
    }

    List<DataType> types() {
        return types;
    }

    int size() {
        return expressions.size();
    }

    /** Evaluates the key columns over the bound rows. */
    Column[] evaluate(EvaluationContext context) {
        Column[] columns = new Column[expressions.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = expressions.get(i).evaluate(context);
        }
        return columns;
    }

    /** Hashes rows {@code 0..rows-1} of the key columns into {@code hashes}. */
    static void hash(Column[] keys, int rows, long[] hashes) {
        for (int i = 0; i < keys.length; i++) {
            RowHashing.hashColumn(keys[i], null, rows, hashes, i > 0);
        }
    }

    /** Writes the rows without NULL keys to {@code selection} and returns their number. */
    static int nonNullRows(Column[] keys, int rows, int[] selection) {
        boolean[] combined = null;
        for (Column key : keys) {
            if (key.mayHaveNulls()) {
                if (combined == null) {
                    combined = key.nulls();
                } else {
                    if (combined != key.nulls()) {
                        boolean[] merged = java.util.Arrays.copyOf(combined, rows);
                        boolean[] nulls = key.nulls();
                        for (int i = 0; i < rows; i++) {
                            merged[i] |= nulls[i];
                        }
                        combined = merged;
                    }
                }
            }
        }
        if (combined == null) {
            for (int i = 0; i < rows; i++) {
                selection[i] = i;
            }
            return rows;
        }
        int count = 0;
        for (int i = 0; i < rows; i++) {
            selection[count] = i;
            count += combined[i] ? 0 : 1;
        }
        return count;
    }
}
