/**
 * The {@code synthetic} catalog's data: tables of a given size in megabytes ({@link io.proteus.server.synthetic.SyntheticTable})
 * whose join keys follow a uniform or a Pareto distribution ({@link io.proteus.server.synthetic.KeyDistribution}),
 * generated deterministically into Arrow IPC partitions ({@link io.proteus.server.synthetic.SyntheticDataStore}) for the
 * paper's join and placement experiments.
 */
package io.proteus.server.synthetic;
