package io.proteus.decision;

/**
 * Every threshold the built-in decision nodes use, in one place.
 *
 * @param broadcastMaxBytes largest build side (bytes) a broadcast hash join accepts; the paper saw hash join win below
 *     about 30 MB of a 400 MB join
 * @param broadcastMaxShare largest build/probe size ratio for a broadcast on a large cluster
 * @param smallClusterWorkers clusters up to this many workers count as small (broadcast stays cheap there)
 * @param mergeJoinMinBytesPerInstance above this many bytes of build side per instance a shuffle join sorts and merges
 *     instead of building a hash table
 * @param bytesPerInstance data volume one function instance should process
 * @param skewPackThreshold skew (share of rows in the largest 20% of partitions) from which placement packs
 */
public record DecisionThresholds(long broadcastMaxBytes, double broadcastMaxShare, int smallClusterWorkers,
        long mergeJoinMinBytesPerInstance, long bytesPerInstance, double skewPackThreshold) {

    public DecisionThresholds {
        if (broadcastMaxBytes < 0 || bytesPerInstance <= 0 || mergeJoinMinBytesPerInstance <= 0) {
            throw new IllegalArgumentException("thresholds must be positive");
        }
    }

    /** The defaults, after the paper's Fig. 4 observations scaled to Arrow batch sizes. */
    public static DecisionThresholds defaults() {
        return new DecisionThresholds(32L << 20, 0.25, 4, 256L << 20, 16L << 20, 0.5);
    }
}
