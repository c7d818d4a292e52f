/**
 * The TPC-DS benchmark for Proteus: the 99 queries and their expected answers ({@link io.proteus.tpcds.TpcdsQueries}),
 * the catalog of schemas and tables ({@link io.proteus.tpcds.TpcdsCatalog}, {@link io.proteus.tpcds.TpcdsTable}), and
 * the generated data as partitioned Arrow IPC files ({@link io.proteus.tpcds.TpcdsDataStore},
 * {@link io.proteus.tpcds.TableData}, {@link io.proteus.tpcds.TablePartition}).
 */
package io.proteus.tpcds;
