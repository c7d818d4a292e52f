/**
 * The TPC-DS tools of {@code bin/proteus}: running the shipped queries against Proteus and checking them against the
 * answers ({@link io.proteus.server.tpcds.TpcdsRunner}), and benchmarking Proteus against an in-process DuckDB loaded
 * with the same data ({@link io.proteus.server.tpcds.TpcdsBenchmark}, {@link io.proteus.server.tpcds.BenchmarkReport},
 * {@link io.proteus.server.tpcds.BenchmarkChart}).
 */
package io.proteus.server.tpcds;
