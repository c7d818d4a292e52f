package io.proteus.server.execution;

import io.proteus.planner.rel.WorkflowAggregate;
import io.proteus.planner.rel.WorkflowJoin;
import io.proteus.planner.rel.WorkflowSort;
import io.proteus.planner.rel.WorkflowTableScan;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalWindow;

/**
 * Names the decision points of a workflow plan ({@code scan-0}, {@code join-1}, ...) in pre-order, the ids that decision
 * records, stage records and the workflow graph share.
 */
final class WorkflowNodeIds {

    private WorkflowNodeIds() {
    }

    /** The decision point kind of a plan node, or null if the node is not a decision point. */
    static String kindOf(RelNode node) {
        return switch (node) {
            case WorkflowTableScan ignored -> "scan";
            case WorkflowJoin ignored -> "join";
            case WorkflowAggregate ignored -> "aggregate";
            case WorkflowSort ignored -> "gather";
            case LogicalWindow ignored -> "window";
            default -> null;
        };
    }

    /** The id of every decision point of the plan, by node identity. */
    static Map<RelNode, String> assign(RelNode plan) {
        Map<RelNode, String> ids = new IdentityHashMap<>();
        assign(plan, ids, new int[1]);
        return ids;
    }

    private static void assign(RelNode node, Map<RelNode, String> ids, int[] counter) {
        String kind = kindOf(node);
        if (kind != null) {
            ids.put(node, kind + "-" + counter[0]++);
        }
        node.getInputs().forEach(input -> assign(input, ids, counter));
    }
}
