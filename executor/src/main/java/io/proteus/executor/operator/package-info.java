/**
 * The pull-model {@link io.proteus.executor.operator.Operator} contract, the per-task and per-operator contexts, the
 * streaming operators (values, filter, project, limit) and the shared row hash function
 * ({@link io.proteus.executor.operator.RowHashing}).
 */
package io.proteus.executor.operator;
