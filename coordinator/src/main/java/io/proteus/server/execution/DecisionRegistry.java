package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.DecisionContext;
import io.proteus.spi.decision.DecisionNode;
import java.util.ArrayList;
import java.util.List;

/** The decision nodes of the cluster: built-ins first, then plugins; the last one that applies to a context decides. */
public final class DecisionRegistry {

    private final List<DecisionNode> nodes;

    public DecisionRegistry(List<DecisionNode> nodes) {
        this.nodes = List.copyOf(requireNonNull(nodes, "nodes"));
    }

    public DecisionRegistry plus(List<DecisionNode> more) {
        List<DecisionNode> all = new ArrayList<>(nodes);
        all.addAll(more);
        return new DecisionRegistry(all);
    }

    public List<DecisionNode> nodes() {
        return nodes;
    }

    public DecisionNode nodeFor(DecisionContext context) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            DecisionNode node = nodes.get(i);
            if (node.appliesTo(context)) {
                return node;
            }
        }
        throw new IllegalStateException("no decision node for " + context.point());
    }
}
