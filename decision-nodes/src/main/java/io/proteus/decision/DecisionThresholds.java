package io.proteus.decision;

/**
 * Every threshold the built-in decision nodes use, in one place.
 *
 * @param broadcastMaxBytes largest build side (bytes) a broadcast hash join accepts; the paper saw hash join win below
 *     about 30 MB of a 400 MB join
 * @param broadcastAlwaysBytes build sides up to this size are broadcast whatever the probe side: copying them to every
 *     probe instance costs less than the extra stage a shuffle of the probe side needs. Between this and
 *     {@code broadcastMaxBytes} a build side is broadcast only while its copies (one per probe instance, that is per
 *     slot of the cluster) weigh no more than the probe side that a shuffle join would move instead, so small clusters
 *     broadcast larger build sides than large ones, as the paper observed
 * @param mergeJoinMinBytesPerInstance above this many bytes of build side per instance a shuffle join sorts and merges
 *     instead of building a hash table
 * @param bytesPerInstance data volume one function instance should process
 * @param skewPackThreshold skew (share of rows in the largest 20% of partitions) from which placement packs
 */
public record DecisionThresholds(long broadcastMaxBytes, long broadcastAlwaysBytes, long mergeJoinMinBytesPerInstance,
        long bytesPerInstance, double skewPackThreshold) {

    public DecisionThresholds {
        if (broadcastMaxBytes < 0 || broadcastAlwaysBytes < 0 || bytesPerInstance <= 0 || mergeJoinMinBytesPerInstance <= 0) {
            throw new IllegalArgumentException("thresholds must be positive");
        }
    }

    /** The defaults, after the paper's Fig. 4 observations scaled to Arrow batch sizes. */
    public static DecisionThresholds defaults() {
        return new DecisionThresholds(32L << 20, 8L << 20, 256L << 20, 16L << 20, 0.5);
    }
}
