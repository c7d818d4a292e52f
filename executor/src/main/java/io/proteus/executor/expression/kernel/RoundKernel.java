package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import java.math.BigInteger;

/**
 * ROUND(value [, places]) half away from zero. DECIMAL values are rounded exactly to {@code places} digits and then
 * expressed at the result's scale; DOUBLE values are rounded numerically; integers only change for negative places.
 * The places operand is BIGINT (a constant in practice; computed values are honoured per row).
 */
public final class RoundKernel extends Kernel {

    private final Kernel value;
    private final Kernel places;
    private Column result;

    public RoundKernel(Kernel value, Kernel places, DataType type) {
        super(type);
        this.value = value;
        this.places = places;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column input = value.evaluate(context, selection, count);
        LongColumn digits = places == null ? null : (LongColumn) places.evaluate(context, selection, count);
        result = prepare(result, type, context);
        boolean hasNulls = digits == null ? copyNulls(result, selection, count, input)
                : unionNulls(result, selection, count, input, digits);
        boolean[] nulls = result.nulls();
        long[] placeValues = digits == null ? null : digits.values();
        try {
            switch (input) {
                case DecimalColumn decimals -> {
                    DecimalColumn out = (DecimalColumn) result;
                    out.clearWide();
                    int scale = decimals.scale();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        if (hasNulls && nulls[i]) {
                            out.setLong(i, 0);
                            continue;
                        }
                        int target = (int) Math.max(-76, Math.min(76, placeValues == null ? 0 : placeValues[i]));
                        roundDecimal(decimals, i, scale, target, out);
                    }
                }
                case DoubleColumn doubles -> {
                    double[] in = doubles.values();
                    double[] out = ((DoubleColumn) result).values();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        out[i] = roundDouble(in[i], placeValues == null ? 0 : placeValues[i]);
                    }
                }
                case LongColumn longs -> {
                    long[] in = longs.values();
                    long[] out = ((LongColumn) result).values();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        if (!hasNulls || !nulls[i]) {
                            out[i] = roundLong(in[i], placeValues == null ? 0 : placeValues[i]);
                        }
                    }
                }
                case IntColumn ints -> {
                    int[] in = ints.values();
                    int[] out = ((IntColumn) result).values();
                    for (int k = 0; k < count; k++) {
                        int i = selection == null ? k : selection[k];
                        if (!hasNulls || !nulls[i]) {
                            out[i] = Math.toIntExact(roundLong(in[i], placeValues == null ? 0 : placeValues[i]));
                        }
                    }
                }
                default -> throw new IllegalStateException("ROUND of " + input.type());
            }
        } catch (ArithmeticException e) {
            throw ArithmeticErrors.overflow(type.kind());
        }
        return result;
    }

    private void roundDecimal(DecimalColumn input, int row, int scale, int target, DecimalColumn out) {
        int resultScale = type.scale();
        if (!input.isWide(row) && target >= 0 && target <= 18) {
            long unscaled = input.values()[row];
            try {
                long rounded = target >= scale ? unscaled
                        : Decimals.divideRoundHalfUp(unscaled, Decimals.powerOfTen(scale - target)) * Decimals.powerOfTen(scale - target);
                long value = Decimals.rescale(rounded, scale, resultScale);
                out.setLong(row, Decimals.checkPrecision(value, type.precision()));
                return;
            } catch (ArithmeticException e) {
                // fall through to the exact path
            }
        }
        BigInteger unscaled = input.bigValue(row);
        BigInteger rounded = target >= scale ? unscaled
                : Decimals.divideRoundHalfUp(unscaled, Decimals.bigPowerOfTen(scale - target)).multiply(Decimals.bigPowerOfTen(scale - target));
        out.setBig(row, Decimals.checkPrecision(Decimals.rescale(rounded, scale, resultScale), type.precision()));
    }

    private static double roundDouble(double value, long places) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        if (places > 300 || places < -300) {
            return places > 0 ? value : 0.0;
        }
        double magnitude = Math.abs(value);
        double rounded;
        if (places >= 0) {
            double factor = Math.pow(10, places);
            double scaled = magnitude * factor;
            if (scaled >= 0x1p52) {
                return value;
            }
            rounded = Math.floor(scaled + 0.5) / factor;
        } else {
            double factor = Math.pow(10, -places);
            rounded = Math.floor(magnitude / factor + 0.5) * factor;
        }
        return Math.copySign(rounded, value);
    }

    private static long roundLong(long value, long places) {
        if (places >= 0) {
            return value;
        }
        if (places < -18) {
            return 0;
        }
        long factor = Decimals.powerOfTen((int) -places);
        return Math.multiplyExact(Decimals.divideRoundHalfUp(value, factor), factor);
    }
}
