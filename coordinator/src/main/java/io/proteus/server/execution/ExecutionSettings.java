package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.Objective;
import io.proteus.spi.decision.Placement;
import io.proteus.spi.decision.Strategy;
import java.util.Optional;

/**
 * Per-query settings of the private controller: the session's strategy and objective, the placement the session forces
 * on every decision (if any), the number of hash partitions producers write (the ceiling on the instances a downstream
 * decision may choose), and each task's memory budget.
 */
public record ExecutionSettings(Strategy strategy, Objective objective, Optional<Placement> forcedPlacement,
        int hashPartitions, long taskMemoryLimitBytes) {

    public ExecutionSettings {
        requireNonNull(strategy, "strategy");
        requireNonNull(objective, "objective");
        requireNonNull(forcedPlacement, "forcedPlacement");
        if (hashPartitions < 1) {
            throw new IllegalArgumentException("hash partitions must be positive");
        }
        if (forcedPlacement.filter(placement -> placement == Placement.NAMED).isPresent()) {
            throw new IllegalArgumentException("a session cannot force NAMED placement");
        }
    }
}
