/** Proteus's own logical rewrite rules, run by the {@link io.proteus.sql.LogicalOptimizer} beside Calcite's. */
package io.proteus.sql.rule;
