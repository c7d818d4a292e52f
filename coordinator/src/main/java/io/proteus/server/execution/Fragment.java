package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.type.DataType;
import io.proteus.spi.decision.Placement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage under construction: the operator pipeline so far, its output types, the bindings of its leaves, and the
 * number and placement of function instances its governing decision chose.
 */
record Fragment(PlanNode node, List<DataType> types, Map<Integer, SourceBinding> sources, int instances,
        Placement placement, String decisionNodeId) {

    Fragment {
        requireNonNull(node, "node");
        types = List.copyOf(types);
        sources = new LinkedHashMap<>(sources);
        requireNonNull(placement, "placement");
    }

    /** The same sources and parallelism with a new root operator on top. */
    Fragment withNode(PlanNode newNode, List<DataType> newTypes) {
        return new Fragment(newNode, newTypes, sources, instances, placement, decisionNodeId);
    }

    boolean hasPartitionedSource() {
        return sources.values().stream().anyMatch(source -> source instanceof SourceBinding.Partitioned || source instanceof SourceBinding.Spread);
    }

    boolean hasScanSource() {
        return sources.values().stream().anyMatch(source -> source instanceof SourceBinding.Scan);
    }
}
