package io.proteus.server.plugin;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.DecisionNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;

/** One plugin as loaded at start-up: where it came from and the decision nodes and planner rules it provides. */
public record LoadedPlugin(String name, List<Path> jars, List<DecisionNode> decisionNodes, List<RelOptRule> plannerRules) {

    public LoadedPlugin {
        requireNonNull(name, "name");
        jars = List.copyOf(jars);
        decisionNodes = List.copyOf(decisionNodes);
        plannerRules = List.copyOf(plannerRules);
    }

    /** One line for the start-up log: the plugin's name and what it adds. */
    public String describe() {
        return name + " (decision nodes: "
                + (decisionNodes.isEmpty() ? "none" : String.join(", ", decisionNodes.stream().map(DecisionNode::name).toList()))
                + "; planner rules: "
                + (plannerRules.isEmpty() ? "none" : String.join(", ", plannerRules.stream().map(RelOptRule::toString).toList()))
                + ")";
    }
}
