/** Proteus's additions to Calcite's relational metadata (the statistics the cost-based join ordering reads). */
package io.proteus.sql.metadata;
