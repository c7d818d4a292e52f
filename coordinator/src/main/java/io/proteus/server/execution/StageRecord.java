package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

/**
 * What one stage cost: its tasks, the rows and bytes it read and produced, bytes moved between workers over the
 * network and shared without copying, its wall time and slot-seconds (the sum of its tasks' times, its resource cost).
 */
public record StageRecord(String queryId, int stageId, String label, String decisionNodeId, String implementation,
        int tasks, long inputRows, long outputRows, long outputBytes, long bytesFetchedRemotely, long bytesSharedLocally,
        double seconds, double slotSeconds) {

    public StageRecord {
        requireNonNull(queryId, "queryId");
        requireNonNull(label, "label");
    }
}
