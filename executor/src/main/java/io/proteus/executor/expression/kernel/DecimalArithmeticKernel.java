package io.proteus.executor.expression.kernel;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.Decimals;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.type.DataType;
import java.math.BigInteger;

/**
 * Exact binary arithmetic on DECIMAL operands (any scales) producing the call's DECIMAL(p, s):
 * <ul>
 *   <li>ADD / SUBTRACT: operands aligned to a common scale, then the sum is brought to the result scale;</li>
 *   <li>MULTIPLY: the product has scale s1 + s2, then is rescaled to the result scale (half away from zero);</li>
 *   <li>DIVIDE: the quotient rounded half away from zero at the result scale;</li>
 *   <li>MODULO: remainder at the common scale (sign of the dividend).</li>
 * </ul>
 * A {@code long} fast path covers values that fit; anything else is computed with BigInteger. Results with more than
 * {@code p} digits raise "decimal overflow"; a zero divisor raises "division by zero".
 */
public final class DecimalArithmeticKernel extends Kernel {

    private final ArithmeticOperator operator;
    private final Kernel left;
    private final Kernel right;
    private final int leftScale;
    private final int rightScale;
    private final int scale;
    private final int precision;
    private final int commonScale;
    private final long leftFactor;
    private final long rightFactor;
    private final long divideFactor;
    private final boolean alwaysSlow;
    private DecimalColumn result;

    public DecimalArithmeticKernel(ArithmeticOperator operator, Kernel left, Kernel right, DataType type) {
        super(type);
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.leftScale = left.type().scale();
        this.rightScale = right.type().scale();
        this.scale = type.scale();
        this.precision = type.precision();
        this.commonScale = Math.max(leftScale, rightScale);
        int leftShift = commonScale - leftScale;
        int rightShift = commonScale - rightScale;
        int divideShift = Math.abs(scale + rightScale - leftScale);
        this.alwaysSlow = switch (operator) {
            case ADD, SUBTRACT, MODULO -> leftShift > 18 || rightShift > 18;
            case MULTIPLY -> false;
            case DIVIDE -> divideShift > 18;
        };
        this.leftFactor = leftShift > 18 ? 0 : Decimals.powerOfTen(leftShift);
        this.rightFactor = rightShift > 18 ? 0 : Decimals.powerOfTen(rightShift);
        this.divideFactor = divideShift > 18 ? 0 : Decimals.powerOfTen(divideShift);
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        DecimalColumn a = (DecimalColumn) left.evaluate(context, selection, count);
        DecimalColumn b = (DecimalColumn) right.evaluate(context, selection, count);
        result = prepare(result, type, context);
        result.clearWide();
        boolean hasNulls = unionNulls(result, selection, count, a, b);
        boolean[] nulls = result.nulls();
        long[] x = a.values();
        long[] y = b.values();
        long[] out = result.values();
        boolean wideInputs = a.hasWide() || b.hasWide() || alwaysSlow;
        for (int k = 0; k < count; k++) {
            int i = selection == null ? k : selection[k];
            if (hasNulls && nulls[i]) {
                out[i] = 0;
                continue;
            }
            if (wideInputs && (alwaysSlow || a.isWide(i) || b.isWide(i))) {
                result.setBig(i, slow(a.bigValue(i), b.bigValue(i)));
                continue;
            }
            long value;
            try {
                value = fast(x[i], y[i]);
            } catch (ArithmeticException e) {
                result.setBig(i, slow(BigInteger.valueOf(x[i]), BigInteger.valueOf(y[i])));
                continue;
            }
            if (!Decimals.fitsPrecision(value, precision)) {
                throw Decimals.overflow();
            }
            out[i] = value;
        }
        return result;
    }

    private long fast(long x, long y) {
        return switch (operator) {
            case ADD -> Decimals.rescale(Math.addExact(Math.multiplyExact(x, leftFactor), Math.multiplyExact(y, rightFactor)),
                    commonScale, scale);
            case SUBTRACT -> Decimals.rescale(
                    Math.subtractExact(Math.multiplyExact(x, leftFactor), Math.multiplyExact(y, rightFactor)), commonScale, scale);
            case MULTIPLY -> Decimals.rescale(Math.multiplyExact(x, y), leftScale + rightScale, scale);
            case DIVIDE -> {
                if (y == 0) {
                    throw ArithmeticErrors.divisionByZero();
                }
                if (y == Long.MIN_VALUE) {
                    throw new ArithmeticException("slow path");
                }
                if (scale + rightScale >= leftScale) {
                    yield Decimals.divideRoundHalfUp(Math.multiplyExact(x, divideFactor), y);
                }
                long divisor = Math.multiplyExact(y, divideFactor);
                if (divisor == Long.MIN_VALUE) {
                    throw new ArithmeticException("slow path");
                }
                yield Decimals.divideRoundHalfUp(x, divisor);
            }
            case MODULO -> {
                long divisor = Math.multiplyExact(y, rightFactor);
                if (divisor == 0) {
                    throw ArithmeticErrors.divisionByZero();
                }
                long dividend = Math.multiplyExact(x, leftFactor);
                yield Decimals.rescale(divisor == -1 ? 0 : dividend % divisor, commonScale, scale);
            }
        };
    }

    private BigInteger slow(BigInteger x, BigInteger y) {
        BigInteger value = switch (operator) {
            case ADD -> Decimals.rescale(Decimals.rescale(x, leftScale, commonScale)
                    .add(Decimals.rescale(y, rightScale, commonScale)), commonScale, scale);
            case SUBTRACT -> Decimals.rescale(Decimals.rescale(x, leftScale, commonScale)
                    .subtract(Decimals.rescale(y, rightScale, commonScale)), commonScale, scale);
            case MULTIPLY -> Decimals.rescale(x.multiply(y), leftScale + rightScale, scale);
            case DIVIDE -> {
                if (y.signum() == 0) {
                    throw ArithmeticErrors.divisionByZero();
                }
                int shift = scale + rightScale - leftScale;
                yield shift >= 0
                        ? Decimals.divideRoundHalfUp(x.multiply(Decimals.bigPowerOfTen(shift)), y)
                        : Decimals.divideRoundHalfUp(x, y.multiply(Decimals.bigPowerOfTen(-shift)));
            }
            case MODULO -> {
                BigInteger divisor = Decimals.rescale(y, rightScale, commonScale);
                if (divisor.signum() == 0) {
                    throw ArithmeticErrors.divisionByZero();
                }
                yield Decimals.rescale(Decimals.rescale(x, leftScale, commonScale).remainder(divisor), commonScale, scale);
            }
        };
        return Decimals.checkPrecision(value, precision);
    }
}
