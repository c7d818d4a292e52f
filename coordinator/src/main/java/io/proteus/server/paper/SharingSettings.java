package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

import io.proteus.server.tpcds.TpcdsScale;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the sharing experiment (Fig. 8): which TPC-DS query at which scale, the embedded cluster, and the
 * background load co-running with it.
 *
 * @param dataDirectory where generated tables are cached
 * @param pluginJar the plugin jar with the background functions ({@code sha256}, {@code deflate}, {@code inflate})
 * @param scale the TPC-DS scale
 * @param query the TPC-DS query, e.g. {@code q25}
 * @param workers workers of the embedded cluster
 * @param slotsPerWorker function slots per worker
 * @param runs measured runs alone and shared (alternating), after one warm-up run
 * @param chains background chains kept in flight during a shared run
 * @param inputBytes input of each chain (random bytes)
 * @param hashRounds rounds of the chain's last step, {@code sha256} (its work per byte)
 * @param leadTime how long the background load runs before the query starts and after it ends
 * @param timeout the longest a query may run
 */
public record SharingSettings(Path dataDirectory, Path pluginJar, TpcdsScale scale, String query, int workers,
        int slotsPerWorker, int runs, int chains, int inputBytes, int hashRounds, Duration leadTime, Duration timeout) {

    public SharingSettings {
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(pluginJar, "pluginJar");
        requireNonNull(scale, "scale");
        requireNonNull(query, "query");
        requireNonNull(leadTime, "leadTime");
        requireNonNull(timeout, "timeout");
        if (workers < 1 || slotsPerWorker < 1) {
            throw new IllegalArgumentException("the cluster needs at least one worker with one slot");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, not " + runs);
        }
        if (chains < 1) {
            throw new IllegalArgumentException("--chains must be at least 1, not " + chains);
        }
        if (inputBytes < 1 || hashRounds < 1) {
            throw new IllegalArgumentException("the chains' input and hash rounds must be positive");
        }
        if (leadTime.isNegative()) {
            throw new IllegalArgumentException("the lead time must not be negative");
        }
    }
}
