package io.proteus.executor.expression.kernel;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The string functions: SUBSTRING, UPPER, LOWER, CONCAT, TRIM and CHARACTER_LENGTH, all on UTF-8 bytes. */
public final class StringKernels {

    private StringKernels() {
    }

    /** Advances {@code count} characters from {@code position} (not past {@code end}) in UTF-8 bytes. */
    static int advance(byte[] data, int position, int end, long count) {
        int current = position;
        for (long n = 0; n < count && current < end; n++) {
            int lead = data[current] & 0xFF;
            current += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        }
        return Math.min(current, end);
    }

    /** The number of characters of a UTF-8 string: bytes that are not continuation bytes. */
    static int characterCount(byte[] data, int start, int end) {
        int characters = 0;
        for (int i = start; i < end; i++) {
            if ((data[i] & 0xC0) != 0x80) {
                characters++;
            }
        }
        return characters;
    }

    /**
     * {@code SUBSTRING(string FROM start [FOR length])} with SQL semantics: the characters at 1-based positions
     * {@code [start, start + length)} intersected with the string; a start of zero or below shortens the result; a
     * negative length is an error. The result is a view of the operand's bytes.
     */
    public static final class Substring extends Kernel {

        private final Kernel string;
        private final Kernel start;
        private final Kernel length;
        private VarcharColumn result;

        public Substring(Kernel string, Kernel start, Kernel length, DataType type) {
            super(type);
            this.string = string;
            this.start = start;
            this.length = length;
        }

        @Override
        public Column evaluate(EvaluationContext context, int[] selection, int count) {
            VarcharColumn input = (VarcharColumn) string.evaluate(context, selection, count);
            LongColumn starts = (LongColumn) start.evaluate(context, selection, count);
            LongColumn lengths = length == null ? null : (LongColumn) length.evaluate(context, selection, count);
            result = prepare(result, type, context);
            result.viewOf(input.data());
            boolean hasNulls = lengths == null ? unionNulls(result, selection, count, input, starts)
                    : unionNulls(result, selection, count, input, starts, lengths);
            boolean[] nulls = result.nulls();
            byte[] data = input.data();
            long[] startValues = starts.values();
            long[] lengthValues = lengths == null ? null : lengths.values();
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                if (hasNulls && nulls[i]) {
                    result.setRange(i, 0, 0);
                    continue;
                }
                long from = startValues[i];
                long to;
                if (lengthValues != null) {
                    long size = lengthValues[i];
                    if (size < 0) {
                        throw new DataException("negative substring length not allowed");
                    }
                    to = from > 0 && size > Long.MAX_VALUE - from ? Long.MAX_VALUE : from + size;
                } else {
                    to = Long.MAX_VALUE;
                }
                from = Math.max(from, 1);
                int stringStart = input.start(i);
                int stringEnd = input.end(i);
                if (to <= from) {
                    result.setRange(i, stringStart, stringStart);
                    continue;
                }
                int begin = advance(data, stringStart, stringEnd, from - 1);
                int finish = to == Long.MAX_VALUE ? stringEnd : advance(data, begin, stringEnd, to - from);
                result.setRange(i, begin, finish);
            }
            return result;
        }
    }

    /** UPPER / LOWER: byte-wise for ASCII strings, through {@link String} otherwise. */
    public static final class CaseConversion extends Kernel {

        private final boolean upper;
        private final Kernel string;
        private VarcharColumn result;

        public CaseConversion(boolean upper, Kernel string, DataType type) {
            super(type);
            this.upper = upper;
            this.string = string;
        }

        @Override
        public Column evaluate(EvaluationContext context, int[] selection, int count) {
            VarcharColumn input = (VarcharColumn) string.evaluate(context, selection, count);
            result = prepare(result, type, context);
            result.resetData();
            boolean hasNulls = copyNulls(result, selection, count, input);
            boolean[] nulls = result.nulls();
            byte[] data = input.data();
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                if (hasNulls && nulls[i]) {
                    result.setEmpty(i);
                    continue;
                }
                int from = input.start(i);
                int to = input.end(i);
                boolean ascii = true;
                for (int j = from; j < to; j++) {
                    if (data[j] < 0) {
                        ascii = false;
                        break;
                    }
                }
                if (!ascii) {
                    String text = new String(data, from, to - from, StandardCharsets.UTF_8);
                    result.append(i, upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT));
                    continue;
                }
                byte[] buffer = result.reserveData(to - from);
                int position = result.dataLength();
                for (int j = from; j < to; j++) {
                    byte b = data[j];
                    if (upper && b >= 'a' && b <= 'z') {
                        b -= 32;
                    } else if (!upper && b >= 'A' && b <= 'Z') {
                        b += 32;
                    }
                    buffer[position++] = b;
                }
                result.commitAppended(i, to - from);
            }
            return result;
        }
    }

    /** N-ary concatenation; NULL if any operand is NULL. */
    public static final class Concat extends Kernel {

        private final List<Kernel> operands;
        private final VarcharColumn[] columns;
        private VarcharColumn result;

        public Concat(List<Kernel> operands, DataType type) {
            super(type);
            this.operands = List.copyOf(operands);
            this.columns = new VarcharColumn[operands.size()];
        }

        @Override
        public Column evaluate(EvaluationContext context, int[] selection, int count) {
            for (int j = 0; j < columns.length; j++) {
                columns[j] = (VarcharColumn) operands.get(j).evaluate(context, selection, count);
            }
            result = prepare(result, type, context);
            result.resetData();
            boolean hasNulls = unionNulls(result, selection, count, columns);
            boolean[] nulls = result.nulls();
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                if (hasNulls && nulls[i]) {
                    result.setEmpty(i);
                    continue;
                }
                int total = 0;
                for (VarcharColumn column : columns) {
                    total += column.length(i);
                }
                byte[] buffer = result.reserveData(total);
                int position = result.dataLength();
                for (VarcharColumn column : columns) {
                    int length = column.length(i);
                    System.arraycopy(column.data(), column.start(i), buffer, position, length);
                    position += length;
                }
                result.commitAppended(i, total);
            }
            return result;
        }
    }

    /** TRIM: removes leading and trailing spaces; the result is a view of the operand's bytes. */
    public static final class Trim extends Kernel {

        private final Kernel string;
        private VarcharColumn result;

        public Trim(Kernel string, DataType type) {
            super(type);
            this.string = string;
        }

        @Override
        public Column evaluate(EvaluationContext context, int[] selection, int count) {
            VarcharColumn input = (VarcharColumn) string.evaluate(context, selection, count);
            result = prepare(result, type, context);
            result.viewOf(input.data());
            copyNulls(result, selection, count, input);
            byte[] data = input.data();
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                int from = input.start(i);
                int to = input.end(i);
                while (from < to && data[from] == ' ') {
                    from++;
                }
                while (to > from && data[to - 1] == ' ') {
                    to--;
                }
                result.setRange(i, from, to);
            }
            return result;
        }
    }

    /** CHARACTER_LENGTH as INTEGER or BIGINT (the call's type). */
    public static final class CharacterLength extends Kernel {

        private final Kernel string;
        private Column result;

        public CharacterLength(Kernel string, DataType type) {
            super(type);
            if (type.kind() != TypeKind.INTEGER && type.kind() != TypeKind.BIGINT) {
                throw new IllegalArgumentException("CHARACTER_LENGTH produces INTEGER or BIGINT, not " + type);
            }
            this.string = string;
        }

        @Override
        public Column evaluate(EvaluationContext context, int[] selection, int count) {
            VarcharColumn input = (VarcharColumn) string.evaluate(context, selection, count);
            result = prepare(result, type, context);
            copyNulls(result, selection, count, input);
            byte[] data = input.data();
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                int length = characterCount(data, input.start(i), input.end(i));
                if (result instanceof IntColumn ints) {
                    ints.values()[i] = length;
                } else {
                    ((LongColumn) result).values()[i] = length;
                }
            }
            return result;
        }
    }
}
