package io.proteus.server.plugin;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.function.ArrowBatchFunction;
import io.proteus.spi.function.BackgroundFunction;
import java.nio.file.Path;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;

/**
 * One plugin as loaded at start-up: where it came from and the decision nodes, planner rules and background functions
 * it provides.
 */
public record LoadedPlugin(String name, List<Path> jars, List<DecisionNode> decisionNodes, List<RelOptRule> plannerRules,
        List<BackgroundFunction> functions, List<ArrowBatchFunction> batchFunctions) {

    public LoadedPlugin {
        requireNonNull(name, "name");
        jars = List.copyOf(jars);
        decisionNodes = List.copyOf(decisionNodes);
        plannerRules = List.copyOf(plannerRules);
        functions = List.copyOf(functions);
        batchFunctions = List.copyOf(batchFunctions);
    }

    /** One line for the start-up log: the plugin's name and what it adds. */
    public String describe() {
        return name + " (decision nodes: "
                + (decisionNodes.isEmpty() ? "none" : String.join(", ", decisionNodes.stream().map(DecisionNode::name).toList()))
                + "; planner rules: "
                + (plannerRules.isEmpty() ? "none" : String.join(", ", plannerRules.stream().map(RelOptRule::toString).toList()))
                + "; background functions: "
                + (functions.isEmpty() && batchFunctions.isEmpty() ? "none" : String.join(", ", java.util.stream.Stream.concat(
                        functions.stream().map(BackgroundFunction::name),
                        batchFunctions.stream().map(ArrowBatchFunction::name)).toList()))
                + ")";
    }
}
