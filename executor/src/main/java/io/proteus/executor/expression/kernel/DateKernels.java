package io.proteus.executor.expression.kernel;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.Dates;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;

/** Date functions over days since 1970-01-01: DATE_PLUS_DAYS and EXTRACT of year, month and day. */
public final class DateKernels {

    private DateKernels() {
    }

    /** {@code date + days}; the days operand is BIGINT. */
    public static final class PlusDays extends Kernel {

        private final Kernel date;
        private final Kernel days;
        private IntColumn result;

        public PlusDays(Kernel date, Kernel days, DataType type) {
            super(type);
            this.date = date;
            this.days = days;
        }

        @Override
        public Column evaluate(EvaluationContext context, int[] selection, int count) {
            IntColumn dates = (IntColumn) date.evaluate(context, selection, count);
            LongColumn offsets = (LongColumn) days.evaluate(context, selection, count);
            result = prepare(result, type, context);
            boolean hasNulls = unionNulls(result, selection, count, dates, offsets);
            boolean[] nulls = result.nulls();
            int[] in = dates.values();
            long[] add = offsets.values();
            int[] out = result.values();
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                if (!hasNulls || !nulls[i]) {
                    long value = in[i] + add[i];
                    if (value != (int) value) {
                        throw new DataException("date out of range");
                    }
                    out[i] = (int) value;
                }
            }
            return result;
        }
    }

    /** The fields EXTRACT supports. */
    public enum Field { YEAR, MONTH, DAY }

    /** EXTRACT(field FROM date) as BIGINT or INTEGER (the call's type). */
    public static final class Extract extends Kernel {

        private final Field field;
        private final Kernel date;
        private Column result;

        public Extract(Field field, Kernel date, DataType type) {
            super(type);
            if (type.kind() != TypeKind.INTEGER && type.kind() != TypeKind.BIGINT) {
                throw new IllegalArgumentException("EXTRACT produces INTEGER or BIGINT, not " + type);
            }
            this.field = field;
            this.date = date;
        }

        @Override
        public Column evaluate(EvaluationContext context, int[] selection, int count) {
            IntColumn dates = (IntColumn) date.evaluate(context, selection, count);
            result = prepare(result, type, context);
            copyNulls(result, selection, count, dates);
            int[] in = dates.values();
            long[] longs = result instanceof LongColumn l ? l.values() : null;
            int[] ints = result instanceof IntColumn l ? l.values() : null;
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                long civil = Dates.civil(in[i]);
                long value = switch (field) {
                    case YEAR -> civil / 10000;
                    case MONTH -> Math.abs(civil % 10000) / 100;
                    case DAY -> Math.abs(civil % 100);
                };
                if (longs != null) {
                    longs[i] = value;
                } else {
                    ints[i] = (int) value;
                }
            }
            return result;
        }
    }
}
