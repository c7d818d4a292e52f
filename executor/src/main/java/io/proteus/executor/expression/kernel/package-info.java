/**
 * The vectorised kernels compiled expressions are made of: each evaluates a whole batch (or a selection of its rows)
 * column-at-a-time with type-specialised loops, with lazy CASE, COALESCE, AND and OR over row subsets.
 */
package io.proteus.executor.expression.kernel;
