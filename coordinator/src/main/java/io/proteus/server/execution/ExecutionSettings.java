package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.Objective;
import io.proteus.spi.decision.Strategy;

/**
 * Per-query settings of the private controller: the session's strategy and objective, the number of hash partitions
 * producers write (the ceiling on the instances a downstream decision may choose), and each task's memory budget.
 */
public record ExecutionSettings(Strategy strategy, Objective objective, int hashPartitions, long taskMemoryLimitBytes) {

    public ExecutionSettings {
        requireNonNull(strategy, "strategy");
        requireNonNull(objective, "objective");
        if (hashPartitions < 1) {
            throw new IllegalArgumentException("hash partitions must be positive");
        }
    }
}
