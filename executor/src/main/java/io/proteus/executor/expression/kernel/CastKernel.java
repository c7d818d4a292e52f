package io.proteus.executor.expression.kernel;

import io.proteus.executor.DataException;
import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnCopy;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Locale;

/**
 * CAST between all executor kinds. Numeric narrowing checks ranges ("integer overflow", "bigint overflow",
 * "decimal overflow"); DOUBLE and DECIMAL to integers and decimals to smaller scales round half away from zero; text is
 * parsed after trimming spaces ("cannot cast 'x' to INTEGER"); DATE text is ISO {@code yyyy-MM-dd}. Casting NULL gives
 * NULL of the target type. With {@code checkPrecision} false (casts the compiler inserts to align comparison operands)
 * decimal results may exceed the target precision instead of failing.
 */
public final class CastKernel extends Kernel {

    private final Kernel operand;
    private final TypeKind sourceKind;
    private final DataType sourceType;
    private final boolean checkPrecision;
    private final boolean identity;
    private Column result;

    public CastKernel(Kernel operand, DataType target, boolean checkPrecision) {
        super(target);
        this.operand = operand;
        this.sourceType = operand.type();
        this.sourceKind = sourceType.kind();
        this.checkPrecision = checkPrecision;
        this.identity = isIdentity(sourceType, target, checkPrecision);
        if (!isSupported(sourceKind, target.kind())) {
            throw new IllegalArgumentException("unsupported cast from " + sourceType + " to " + target);
        }
    }

    /** Whether values of {@code source} can be used as values of {@code target} without conversion. */
    public static boolean isIdentity(DataType source, DataType target, boolean checkPrecision) {
        if (source.kind() != target.kind()) {
            return false;
        }
        if (source.kind() != TypeKind.DECIMAL) {
            return true;
        }
        return source.scale() == target.scale() && (!checkPrecision || source.precision() <= target.precision());
    }

    /** Whether a cast between the kinds exists. */
    public static boolean isSupported(TypeKind from, TypeKind to) {
        if (from == to || from == TypeKind.NULL || to == TypeKind.VARCHAR || from == TypeKind.VARCHAR) {
            return to != TypeKind.NULL || from == TypeKind.NULL;
        }
        boolean fromNumeric = isNumeric(from) || from == TypeKind.BOOLEAN;
        boolean toNumeric = isNumeric(to) || to == TypeKind.BOOLEAN;
        return fromNumeric && toNumeric;
    }

    private static boolean isNumeric(TypeKind kind) {
        return kind == TypeKind.INTEGER || kind == TypeKind.BIGINT || kind == TypeKind.DOUBLE || kind == TypeKind.DECIMAL;
    }

    @Override
    public boolean isSimple() {
        return identity && operand.isSimple();
    }

    @Override
    public boolean isConstant() {
        return operand.isConstant();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column input = operand.evaluate(context, selection, count);
        if (identity) {
            return input;
        }
        result = prepare(result, type, context);
        if (result instanceof VarcharColumn strings) {
            strings.resetData();
        } else if (result instanceof DecimalColumn decimals) {
            decimals.clearWide();
        }
        if (sourceKind == TypeKind.NULL) {
            result.prepareNulls();
            ColumnCopy.setNulls(selection, count, result);
            return result;
        }
        boolean hasNulls = copyNulls(result, selection, count, input);
        boolean[] nulls = result.nulls();
        try {
            switch (input) {
                case IntColumn ints when sourceKind == TypeKind.DATE -> fromDate(ints.values(), hasNulls, nulls, selection, count);
                case IntColumn ints -> fromLongs(null, ints.values(), hasNulls, nulls, selection, count);
                case LongColumn longs -> fromLongs(longs.values(), null, hasNulls, nulls, selection, count);
                case DoubleColumn doubles -> fromDoubles(doubles.values(), hasNulls, nulls, selection, count);
                case DecimalColumn decimals -> fromDecimals(decimals, hasNulls, nulls, selection, count);
                case BooleanColumn booleans -> fromBooleans(booleans.values(), hasNulls, nulls, selection, count);
                case VarcharColumn strings -> fromStrings(strings, hasNulls, nulls, selection, count);
            }
        } catch (ArithmeticException e) {
            throw ArithmeticErrors.overflow(type.kind());
        }
        return result;
    }

    private void fromDate(int[] days, boolean hasNulls, boolean[] nulls, int[] selection, int count) {
        VarcharColumn out = (VarcharColumn) result;
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            if (hasNulls && nulls[i]) {
                out.setEmpty(i);
            } else {
                TextFormat.appendDate(out, i, days[i]);
            }
        }
    }

    /** From INTEGER ({@code ints}) or BIGINT ({@code longs}). */
    private void fromLongs(long[] longs, int[] ints, boolean hasNulls, boolean[] nulls, int[] selection, int count) {
        switch (result) {
            case IntColumn out -> {
                int[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        values[i] = Math.toIntExact(longs[i]);
                    }
                }
            }
            case LongColumn out -> {
                long[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    values[i] = ints[i];
                }
            }
            case DoubleColumn out -> {
                double[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    values[i] = longs == null ? ints[i] : (double) longs[i];
                }
            }
            case DecimalColumn out -> {
                int scale = type.scale();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (hasNulls && nulls[i]) {
                        out.setLong(i, 0);
                        continue;
                    }
                    long value = longs == null ? ints[i] : longs[i];
                    setDecimal(out, i, value, 0, scale);
                }
            }
            case BooleanColumn out -> {
                boolean[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    values[i] = (longs == null ? ints[i] : longs[i]) != 0;
                }
            }
            case VarcharColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (hasNulls && nulls[i]) {
                        out.setEmpty(i);
                    } else {
                        TextFormat.appendLong(out, i, longs == null ? ints[i] : longs[i]);
                    }
                }
            }
        }
    }

    /** Stores {@code unscaled} (at {@code fromScale}) rescaled to the target scale, checking the precision. */
    private void setDecimal(DecimalColumn out, int row, long unscaled, int fromScale, int toScale) {
        long value;
        try {
            value = Decimals.rescale(unscaled, fromScale, toScale);
        } catch (ArithmeticException e) {
            setDecimal(out, row, Decimals.rescale(BigInteger.valueOf(unscaled), fromScale, toScale));
            return;
        }
        if (checkPrecision && !Decimals.fitsPrecision(value, type.precision())) {
            throw Decimals.overflow();
        }
        out.setLong(row, value);
    }

    private void setDecimal(DecimalColumn out, int row, BigInteger unscaled) {
        if (checkPrecision) {
            Decimals.checkPrecision(unscaled, type.precision());
        } else if (unscaled.bitLength() > 127) {
            throw Decimals.overflow();
        }
        out.setBig(row, unscaled);
    }

    private void fromDoubles(double[] doubles, boolean hasNulls, boolean[] nulls, int[] selection, int count) {
        switch (result) {
            case IntColumn out -> {
                int[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        values[i] = Math.toIntExact(roundToLong(doubles[i]));
                    }
                }
            }
            case LongColumn out -> {
                long[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        values[i] = roundToLong(doubles[i]);
                    }
                }
            }
            case DecimalColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (hasNulls && nulls[i]) {
                        out.setLong(i, 0);
                    } else {
                        setDecimal(out, i, Decimals.fromDouble(doubles[i], type.scale()));
                    }
                }
            }
            case BooleanColumn out -> {
                boolean[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    values[i] = doubles[i] != 0.0;
                }
            }
            case VarcharColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (hasNulls && nulls[i]) {
                        out.setEmpty(i);
                    } else {
                        out.append(i, Double.toString(doubles[i]));
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected cast target " + type);
        }
    }

    /** Rounds half away from zero; out-of-range values and NaN overflow. */
    private static long roundToLong(double value) {
        if (Double.isNaN(value) || value >= 0x1p63 || value < -0x1p63) {
            throw new ArithmeticException("out of range");
        }
        double rounded = value < 0 ? -Math.floor(-value + 0.5) : Math.floor(value + 0.5);
        if (rounded >= 0x1p63 || rounded < -0x1p63) {
            throw new ArithmeticException("out of range");
        }
        return (long) rounded;
    }

    private void fromDecimals(DecimalColumn input, boolean hasNulls, boolean[] nulls, int[] selection, int count) {
        int inputScale = input.scale();
        long[] unscaled = input.values();
        switch (result) {
            case IntColumn out -> {
                int[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        values[i] = Math.toIntExact(decimalToLong(input, i, inputScale));
                    }
                }
            }
            case LongColumn out -> {
                long[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (!hasNulls || !nulls[i]) {
                        values[i] = decimalToLong(input, i, inputScale);
                    }
                }
            }
            case DoubleColumn out -> {
                double[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    values[i] = input.isWide(i) ? input.decimalValue(i).doubleValue() : Decimals.toDouble(unscaled[i], inputScale);
                }
            }
            case DecimalColumn out -> {
                int scale = type.scale();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (hasNulls && nulls[i]) {
                        out.setLong(i, 0);
                    } else if (input.isWide(i)) {
                        setDecimal(out, i, Decimals.rescale(input.bigValue(i), inputScale, scale));
                    } else {
                        setDecimal(out, i, unscaled[i], inputScale, scale);
                    }
                }
            }
            case BooleanColumn out -> {
                boolean[] values = out.values();
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    values[i] = input.isWide(i) || unscaled[i] != 0;
                }
            }
            case VarcharColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (hasNulls && nulls[i]) {
                        out.setEmpty(i);
                    } else if (input.isWide(i)) {
                        out.append(i, input.decimalValue(i).toPlainString());
                    } else {
                        TextFormat.appendDecimal(out, i, unscaled[i], inputScale);
                    }
                }
            }
        }
    }

    private static long decimalToLong(DecimalColumn input, int row, int scale) {
        if (input.isWide(row)) {
            BigInteger value = Decimals.rescale(input.bigValue(row), scale, 0);
            return value.longValueExact();
        }
        return Decimals.rescale(input.values()[row], scale, 0);
    }

    private void fromBooleans(boolean[] booleans, boolean hasNulls, boolean[] nulls, int[] selection, int count) {
        switch (result) {
            case IntColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out.values()[i] = booleans[i] ? 1 : 0;
                }
            }
            case LongColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out.values()[i] = booleans[i] ? 1 : 0;
                }
            }
            case DoubleColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    out.values()[i] = booleans[i] ? 1 : 0;
                }
            }
            case DecimalColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    setDecimal(out, i, booleans[i] && !(hasNulls && nulls[i]) ? 1 : 0, 0, type.scale());
                }
            }
            case VarcharColumn out -> {
                for (int k = 0; k < count; k++) {
                    int i = selection == null ? k : selection[k];
                    if (hasNulls && nulls[i]) {
                        out.setEmpty(i);
                    } else {
                        out.append(i, booleans[i] ? "true" : "false");
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected cast target " + type);
        }
    }

    private void fromStrings(VarcharColumn input, boolean hasNulls, boolean[] nulls, int[] selection, int count) {
        if (result instanceof VarcharColumn out) {
            for (int k = 0; k < count; k++) {
                int i = selection == null ? k : selection[k];
                if (hasNulls && nulls[i]) {
                    out.setEmpty(i);
                } else {
                    out.append(i, input.data(), input.start(i), input.length(i));
                }
            }
            return;
        }
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            if (hasNulls && nulls[i]) {
                if (result instanceof DecimalColumn decimals) {
                    decimals.setLong(i, 0);
                }
                continue;
            }
            String text = input.stringValue(i).strip();
            try {
                switch (result) {
                    case IntColumn out when type.kind() == TypeKind.DATE -> out.values()[i] = Math.toIntExact(LocalDate.parse(text).toEpochDay());
                    case IntColumn out -> out.values()[i] = Integer.parseInt(text);
                    case LongColumn out -> out.values()[i] = Long.parseLong(text);
                    case DoubleColumn out -> out.values()[i] = Double.parseDouble(text);
                    case DecimalColumn out -> setDecimal(out, i, new BigDecimal(text).setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue());
                    case BooleanColumn out -> out.values()[i] = parseBoolean(text);
                    default -> throw new IllegalStateException("unexpected cast target " + type);
                }
            } catch (DataException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DataException("cannot cast '" + input.stringValue(i) + "' to " + type.kind(), e);
            }
        }
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }
}
