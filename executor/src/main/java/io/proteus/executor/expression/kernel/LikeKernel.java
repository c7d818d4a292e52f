package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;

/**
 * {@code value LIKE pattern [ESCAPE escape]}. A constant pattern is compiled once; a computed one is compiled per
 * distinct consecutive value.
 */
public final class LikeKernel extends Kernel {

    private final Kernel value;
    private final Kernel pattern;
    private final Kernel escape;
    private final LikePattern constantPattern;
    private String lastPattern;
    private String lastEscape;
    private LikePattern lastCompiled;
    private BooleanColumn result;

    public LikeKernel(Kernel value, Kernel pattern, Kernel escape, String constantPatternText, String constantEscapeText,
            boolean constant) {
        super(DataType.bool(value.type().nullable() || pattern.type().nullable()));
        this.value = value;
        this.pattern = pattern;
        this.escape = escape;
        this.constantPattern = constant && constantPatternText != null
                ? LikePattern.compile(constantPatternText, constantEscapeText) : null;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        VarcharColumn strings = (VarcharColumn) value.evaluate(context, selection, count);
        result = prepare(result, type, context);
        boolean[] out = result.values();
        byte[] data = strings.data();
        int[] starts = strings.starts();
        int[] ends = strings.ends();
        if (constantPattern != null) {
            copyNulls(result, selection, count, strings);
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                out[i] = constantPattern.matches(data, starts[i], ends[i]);
            }
            return result;
        }
        VarcharColumn patterns = (VarcharColumn) pattern.evaluate(context, selection, count);
        VarcharColumn escapes = escape == null ? null : (VarcharColumn) escape.evaluate(context, selection, count);
        boolean hasNulls = escapes == null ? unionNulls(result, selection, count, strings, patterns)
                : unionNulls(result, selection, count, strings, patterns, escapes);
        boolean[] nulls = result.nulls();
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            if (hasNulls && nulls[i]) {
                out[i] = false;
                continue;
            }
            String patternText = patterns.stringValue(i);
            String escapeText = escapes == null ? null : escapes.stringValue(i);
            if (lastCompiled == null || !patternText.equals(lastPattern) || !java.util.Objects.equals(escapeText, lastEscape)) {
                lastCompiled = LikePattern.compile(patternText, escapeText);
                lastPattern = patternText;
                lastEscape = escapeText;
            }
            out[i] = lastCompiled.matches(data, starts[i], ends[i]);
        }
        return result;
    }
}
