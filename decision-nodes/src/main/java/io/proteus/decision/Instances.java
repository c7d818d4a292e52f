package io.proteus.decision;

import io.proteus.spi.decision.ClusterStatus;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.Placement;

/** Parallelism and placement rules shared by the built-in nodes. */
final class Instances {

    private Instances() {
    }

    /** Instances for a data volume: one per {@code bytesPerInstance}, at least 1, at most {@code maximum}. */
    static int forVolume(long bytes, long bytesPerInstance, int maximum) {
        // Rounded up without adding first: bytes may be Long.MAX_VALUE (an unbounded estimate).
        long wanted = bytes / bytesPerInstance + (bytes % bytesPerInstance == 0 ? 0 : 1);
        return (int) Math.max(1, Math.min(Math.max(1, maximum), wanted));
    }

    /** The parallelism ceiling: every slot of the cluster, free or not (busy slots queue the work). */
    static int maximum(ClusterStatus cluster) {
        return Math.max(1, cluster.totalSlots());
    }

    /** PACK when the input is skewed (moving it to few workers avoids a shuffle), ROUND_ROBIN when uniform. */
    static Placement placementFor(InputObservation input, DecisionThresholds thresholds) {
        return input.observed() && input.partitions().size() > 1 && input.skew() >= thresholds.skewPackThreshold()
                ? Placement.PACK
                : Placement.ROUND_ROBIN;
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
