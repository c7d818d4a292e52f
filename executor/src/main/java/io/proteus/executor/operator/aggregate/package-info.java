/** Hash aggregation (SINGLE, PARTIAL, FINAL) with per-group accumulators in primitive arrays. */
package io.proteus.executor.operator.aggregate;
