/**
 * Example background functions over bytes: {@code sha256} (CPU-bound chunk hashing), {@code deflate} and
 * {@code inflate}; and over Arrow batches: {@code arrow-scale}. See docs/background-functions.md.
 */
package io.proteus.examples.function;
