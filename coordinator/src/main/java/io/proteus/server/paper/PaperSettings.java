package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

import io.proteus.server.tpcds.TpcdsScale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code bench paper} measures. The defaults scale the paper's experiments to a 2-core machine: Fig. 4 joins small
 * tables of 2.5 to 25 MB with a 100 MB table (the paper: 10 to 100 MB with 400 MB), on clusters of 1, 2 and 4 workers;
 * Fig. 7 runs its TPC-DS sub-query at scale factors 0.1, 0.5 and 1.
 *
 * @param dataDirectory where generated tables are cached
 * @param runs the fewest measured runs per configuration and point, after one warm-up run
 * @param minimumSeconds measured rounds go on past {@code runs} until every configuration of the point has run for at
 *     least this long in total (at most {@link #MAXIMUM_RUNS} rounds), so that sub-second points have as many samples as
 *     their noise needs
 * @param largeMegabytes the size of Fig. 4's large table
 * @param smallMegabytes the small table sizes of Fig. 4(a, b)
 * @param clusterSmallMegabytes the small table size of Fig. 4(c), across cluster sizes
 * @param workerCounts the cluster sizes of Fig. 4(c); Fig. 4(a, b) and Fig. 7 run on 2 workers (or the nearest
 *     count), Fig. 4(d) on the largest
 * @param placementSmallMegabytes the small table size of Fig. 4(d)
 * @param scales the TPC-DS scales of Fig. 7
 * @param slotsPerWorker function slots per worker
 * @param timeout the longest one query may run
 */
public record PaperSettings(Path dataDirectory, int runs, double minimumSeconds, double largeMegabytes, List<Double> smallMegabytes,
        double clusterSmallMegabytes, List<Integer> workerCounts, double placementSmallMegabytes, List<TpcdsScale> scales,
        int slotsPerWorker, Duration timeout) {

    /** The number of workers Fig. 4(a, b) and Fig. 7 run on, as the paper's default cluster. */
    public static final int DEFAULT_WORKERS = 2;

    /** The most measured rounds of one point, however short its runs. */
    public static final int MAXIMUM_RUNS = 100;

    public PaperSettings {
        requireNonNull(dataDirectory, "dataDirectory");
        smallMegabytes = List.copyOf(smallMegabytes);
        workerCounts = List.copyOf(workerCounts);
        scales = List.copyOf(scales);
        requireNonNull(timeout, "timeout");
        if (runs < 1) {
            throw new IllegalArgumentException("at least one measured run is needed: " + runs);
        }
        if (runs > MAXIMUM_RUNS) {
            throw new IllegalArgumentException("at most " + MAXIMUM_RUNS + " measured runs: " + runs);
        }
        if (!(minimumSeconds >= 0)) {
            throw new IllegalArgumentException("the minimum measured time must not be negative: " + minimumSeconds);
        }
        if (largeMegabytes <= 0 || clusterSmallMegabytes <= 0 || placementSmallMegabytes <= 0
                || smallMegabytes.stream().anyMatch(size -> size <= 0)) {
            throw new IllegalArgumentException("table sizes must be positive");
        }
        if (workerCounts.isEmpty() || workerCounts.stream().anyMatch(workers -> workers < 1) || slotsPerWorker < 1) {
            throw new IllegalArgumentException("cluster sizes and slots must be at least 1");
        }
    }

    /** The worker count of the main cluster: {@link #DEFAULT_WORKERS} if measured in Fig. 4(c), else the first count. */
    public int mainWorkers() {
        return workerCounts.contains(DEFAULT_WORKERS) ? DEFAULT_WORKERS : workerCounts.getFirst();
    }

    /** The cluster size Fig. 4(d) runs on: the largest, where packing and spreading differ most. */
    public int placementWorkers() {
        return workerCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
