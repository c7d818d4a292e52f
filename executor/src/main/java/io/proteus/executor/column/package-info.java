/**
 * The working representation of values inside operators: {@link io.proteus.executor.column.Column}s of Java primitive
 * arrays (decimals as 64-bit unscaled values with an exact BigInteger fallback, strings as UTF-8 byte ranges), and the
 * loops that move values between them and Arrow vectors ({@link io.proteus.executor.column.ColumnLoader},
 * {@link io.proteus.executor.column.ColumnWriter}).
 */
package io.proteus.executor.column;
