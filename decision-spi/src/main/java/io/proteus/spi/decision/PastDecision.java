package io.proteus.spi.decision;

import static java.util.Objects.requireNonNull;

/** What an earlier run of the same workflow decided at the same node, what it observed, and how long the stage took. */
public record PastDecision(Decision decision, long observedRows, long observedBytes, double stageSeconds, double slotSeconds) {

    public PastDecision {
        requireNonNull(decision, "decision");
    }
}
