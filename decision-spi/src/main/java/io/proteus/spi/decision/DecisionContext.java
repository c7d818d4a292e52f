package io.proteus.spi.decision;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a decision node may look at: where it is in the workflow, the implementations it may choose from, the
 * observed distribution of its inputs, the cluster status, the session's strategy and objective, what earlier runs of
 * the same workflow decided here, and free-form properties from the planner (for example {@code join.type}).
 */
public record DecisionContext(String queryId, String nodeId, DecisionPoint point, List<String> candidates,
        List<InputObservation> inputs, ClusterStatus cluster, Strategy strategy, Objective objective,
        List<PastDecision> history, Map<String, String> properties) {

    public DecisionContext {
        requireNonNull(queryId, "queryId");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(point, "point");
        candidates = List.copyOf(candidates);
        inputs = List.copyOf(inputs);
        requireNonNull(cluster, "cluster");
        requireNonNull(strategy, "strategy");
        requireNonNull(objective, "objective");
        history = List.copyOf(history);
        properties = Map.copyOf(properties);
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    public InputObservation input(int index) {
        return inputs.get(index);
    }
}
