package io.proteus.spi.decision;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an earlier run of the same workflow decided at the same node, and the inputs it saw then (totals only, without
 * the per-partition detail) with the properties of that decision's context.
 */
public record PastDecision(Decision decision, List<InputObservation> inputs, Map<String, String> properties) {

    public PastDecision {
        requireNonNull(decision, "decision");
        inputs = inputs.stream()
                .map(input -> new InputObservation(input.name(), input.observed(), input.rows(), input.bytes(), List.of()))
                .toList();
        properties = Map.copyOf(properties);
    }

    /** Whether every input of that decision had really run (none was only an estimate). */
    public boolean allInputsObserved() {
        return !inputs.isEmpty() && inputs.stream().allMatch(InputObservation::observed);
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }
}
