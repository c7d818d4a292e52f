/**
 * The {@code system} catalog: the coordinator's runtime state (nodes, queries, decisions, stages) as SQL tables, read
 * by the workers from snapshots like any other table.
 */
package io.proteus.server.system;
