package io.proteus.executor.column;

import io.proteus.executor.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact decimal arithmetic helpers on unscaled values: a fast path on {@code long} and an exact fallback on
 * {@link BigInteger}, plus the 128-bit little-endian two's-complement layout of Arrow's {@code DecimalVector}.
 */
public final class Decimals {

    /** The message of the error raised when a value does not fit its decimal precision. */
    public static final String OVERFLOW_MESSAGE = "decimal overflow";

    private static final long[] POWERS_OF_TEN = new long[19];
    private static final BigInteger[] BIG_POWERS_OF_TEN = new BigInteger[80];
    private static final BigInteger UNSIGNED_LONG_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
        BigInteger bigPower = BigInteger.ONE;
        for (int i = 0; i < BIG_POWERS_OF_TEN.length; i++) {
            BIG_POWERS_OF_TEN[i] = bigPower;
            bigPower = bigPower.multiply(BigInteger.TEN);
        }
    }

    private Decimals() {
    }

    /** 10^exponent as a long, for exponent 0..18. */
    public static long powerOfTen(int exponent) {
        return POWERS_OF_TEN[exponent];
    }

    /** 10^exponent as a BigInteger, for exponent 0..79. */
    public static BigInteger bigPowerOfTen(int exponent) {
        return exponent < BIG_POWERS_OF_TEN.length ? BIG_POWERS_OF_TEN[exponent] : BigInteger.TEN.pow(exponent);
    }

    /** Whether the unscaled value has at most {@code precision} digits. */
    public static boolean fitsPrecision(long unscaled, int precision) {
        if (precision >= 19) {
            return true;
        }
        long limit = POWERS_OF_TEN[precision];
        return unscaled < limit && unscaled > -limit;
    }

    /** Whether the unscaled value has at most {@code precision} digits. */
    public static boolean fitsPrecision(BigInteger unscaled, int precision) {
        if (unscaled.bitLength() < 63) {
            return fitsPrecision(unscaled.longValue(), precision);
        }
        return unscaled.abs().compareTo(bigPowerOfTen(precision)) < 0;
    }

    /** Throws "decimal overflow" unless the value fits the precision. */
    public static long checkPrecision(long unscaled, int precision) {
        if (!fitsPrecision(unscaled, precision)) {
            throw overflow();
        }
        return unscaled;
    }

    /** Throws "decimal overflow" unless the value fits the precision. */
    public static BigInteger checkPrecision(BigInteger unscaled, int precision) {
        if (!fitsPrecision(unscaled, precision)) {
            throw overflow();
        }
        return unscaled;
    }

    public static DataException overflow() {
        return new DataException(OVERFLOW_MESSAGE);
    }

    /** Whether {@code value} fits in a signed long. */
    public static boolean fitsLong(BigInteger value) {
        return value.bitLength() <= 63;
    }

    /**
     * Rescales a value from {@code fromScale} to {@code toScale}, rounding half away from zero when digits are dropped.
     * Throws {@link ArithmeticException} when the result does not fit a long (callers fall back to BigInteger).
     */
    public static long rescale(long unscaled, int fromScale, int toScale) {
        if (toScale == fromScale) {
            return unscaled;
        }
        if (toScale > fromScale) {
            int digits = toScale - fromScale;
            if (digits > 18) {
                if (unscaled == 0) {
                    return 0;
                }
                throw new ArithmeticException("long overflow");
            }
            return Math.multiplyExact(unscaled, POWERS_OF_TEN[digits]);
        }
        int digits = fromScale - toScale;
        if (digits > 18) {
            return 0;
        }
        return divideRoundHalfUp(unscaled, POWERS_OF_TEN[digits]);
    }

    /** Rescales exactly (rounding half away from zero when digits are dropped). */
    public static BigInteger rescale(BigInteger unscaled, int fromScale, int toScale) {
        if (toScale == fromScale) {
            return unscaled;
        }
        if (toScale > fromScale) {
            return unscaled.multiply(bigPowerOfTen(toScale - fromScale));
        }
        return divideRoundHalfUp(unscaled, bigPowerOfTen(fromScale - toScale));
    }

    /** {@code numerator / denominator} rounded half away from zero; the denominator is not zero nor Long.MIN_VALUE. */
    public static long divideRoundHalfUp(long numerator, long denominator) {
        long quotient = numerator / denominator;
        long remainder = numerator % denominator;
        if (remainder != 0) {
            long absoluteRemainder = Math.abs(remainder);
            long absoluteDenominator = Math.abs(denominator);
            if (absoluteRemainder >= absoluteDenominator - absoluteRemainder) {
                quotient += (numerator ^ denominator) < 0 ? -1 : 1;
            }
        }
        return quotient;
    }

    /** {@code numerator / denominator} rounded half away from zero. */
    public static BigInteger divideRoundHalfUp(BigInteger numerator, BigInteger denominator) {
        BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
        BigInteger quotient = quotientAndRemainder[0];
        BigInteger remainder = quotientAndRemainder[1];
        if (remainder.signum() != 0) {
            BigInteger twiceRemainder = remainder.abs().shiftLeft(1);
            if (twiceRemainder.compareTo(denominator.abs()) >= 0) {
                quotient = numerator.signum() * denominator.signum() < 0
                        ? quotient.subtract(BigInteger.ONE) : quotient.add(BigInteger.ONE);
            }
        }
        return quotient;
    }

    /** The 128-bit two's-complement value made of two little-endian 64-bit words. */
    public static BigInteger fromWords(long low, long high) {
        return BigInteger.valueOf(high).shiftLeft(64).or(BigInteger.valueOf(low).and(UNSIGNED_LONG_MASK));
    }

    /** The low 64-bit word of a 128-bit value. */
    public static long lowWord(BigInteger value) {
        return value.longValue();
    }

    /** The high 64-bit word of a 128-bit value; throws "decimal overflow" if it needs more than 128 bits. */
    public static long highWord(BigInteger value) {
        if (value.bitLength() > 127) {
            throw overflow();
        }
        return value.shiftRight(64).longValue();
    }

    /** Converts an unscaled value at {@code scale} to a double, exactly rounded when it has at most 53 bits. */
    public static double toDouble(long unscaled, int scale) {
        if (scale == 0) {
            return unscaled;
        }
        if (scale <= 18 && Math.abs(unscaled) < (1L << 53)) {
            return (double) unscaled / POWERS_OF_TEN[scale];
        }
        return new BigDecimal(BigInteger.valueOf(unscaled), scale).doubleValue();
    }

    /** Converts a value to the unscaled representation at {@code scale}, rounding half away from zero. */
    public static BigInteger fromDouble(double value, int scale) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new DataException("cannot cast " + value + " to DECIMAL");
        }
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).unscaledValue();
    }
}
