package io.proteus.spi.decision;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a decision node chose: the function implementation to invoke (one of the context's candidates), how many
 * instances, where to place them, and a sentence saying why.
 */
public record Decision(String implementation, int instances, Placement placement, List<String> workers, String reason) {

    public Decision {
        requireNonNull(implementation, "implementation");
        requireNonNull(placement, "placement");
        workers = List.copyOf(workers);
        requireNonNull(reason, "reason");
        if (instances < 1) {
            throw new IllegalArgumentException("a decision needs at least one instance");
        }
        if (placement == Placement.NAMED && workers.isEmpty()) {
            throw new IllegalArgumentException("NAMED placement needs workers");
        }
    }

    public static Decision of(String implementation, int instances, Placement placement, String reason) {
        return new Decision(implementation, instances, placement, List.of(), reason);
    }
}
