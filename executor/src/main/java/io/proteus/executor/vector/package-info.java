/**
 * Arrow-vector utilities: type-specialised gathers and range copies between vectors, batch builders, and
 * {@link io.proteus.executor.vector.RowStore}, the materialised input of blocking operators.
 */
package io.proteus.executor.vector;
