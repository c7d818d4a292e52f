package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.planner.rel.WorkflowAggregate;
import io.proteus.planner.rel.WorkflowJoin;
import io.proteus.planner.rel.WorkflowSort;
import io.proteus.planner.rel.WorkflowTableScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * The decision workflow of a query as a graph: one node per decision point of the plan (with the same ids as the
 * query's decision and stage records) plus the {@code result} node, and an edge from each decision point to the
 * nearest decision point that consumes its output (a sub-plan shared by two consumers has two outgoing edges). The console draws it; the runtime information carries it.
 *
 * @param nodes the decision points, in the plan's pre-order, then {@code result}
 * @param edges producer to consumer
 */
public record WorkflowGraph(List<Node> nodes, List<Edge> edges) {

    /** The id of the node that streams the result to the client. */
    public static final String RESULT_NODE_ID = "result";

    public WorkflowGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * One decision point.
     *
     * @param id the node id ({@code join-3})
     * @param kind scan, join, aggregate, gather, window or result
     * @param label what the node does, e.g. the table it scans or the join keys
     */
    public record Node(String id, String kind, String label) {
        public Node {
            requireNonNull(id, "id");
            requireNonNull(kind, "kind");
            requireNonNull(label, "label");
        }
    }

    /** Rows flow from {@code from} to {@code to}. */
    public record Edge(String from, String to) {
        public Edge {
            requireNonNull(from, "from");
            requireNonNull(to, "to");
        }
    }

    /** The graph of a workflow plan. */
    public static WorkflowGraph of(RelNode workflowPlan) {
        requireNonNull(workflowPlan, "workflowPlan");
        Map<RelNode, String> ids = WorkflowNodeIds.assign(workflowPlan);
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        collect(workflowPlan, RESULT_NODE_ID, ids, nodes, edges, new java.util.HashSet<>());
        nodes.add(new Node(RESULT_NODE_ID, "result", "rows to the client"));
        return new WorkflowGraph(nodes, edges);
    }

    private static void collect(RelNode node, String consumer, Map<RelNode, String> ids, List<Node> nodes, List<Edge> edges,
            java.util.Set<String> seen) {
        String id = ids.get(node);
        String next = consumer;
        if (id != null) {
            Edge edge = new Edge(id, consumer);
            if (!edges.contains(edge)) {
                edges.add(edge);
            }
            if (!seen.add(id)) {
                // A sub-plan shared by two consumers (the planner reuses identical sub-plans): one node, two edges.
                return;
            }
            nodes.add(new Node(id, WorkflowNodeIds.kindOf(node), label(node)));
            next = id;
        }
        for (RelNode input : node.getInputs()) {
            collect(input, next, ids, nodes, edges, seen);
        }
    }

    private static String label(RelNode node) {
        return switch (node) {
            case WorkflowTableScan scan -> scan.getTable().getQualifiedName().getLast();
            case WorkflowJoin join -> joinLabel(join);
            case WorkflowAggregate aggregate -> aggregate.getGroupSet().isEmpty()
                    ? "global aggregate"
                    : "group by " + abbreviate(String.join(", ", aggregate.getGroupSet().asList().stream()
                            .map(index -> aggregate.getInput().getRowType().getFieldList().get(index).getName()).toList()));
            case WorkflowSort sort -> sort.getCollation().getFieldCollations().isEmpty() ? "limit" : "sort" + (sort.fetch == null ? "" : " + limit");
            case LogicalWindow window -> window.groups.size() + " window group" + (window.groups.size() == 1 ? "" : "s");
            default -> node.getRelTypeName();
        };
    }

    private static String joinLabel(WorkflowJoin join) {
        JoinInfo info = join.analyzeCondition();
        List<RelDataTypeField> left = join.getLeft().getRowType().getFieldList();
        List<RelDataTypeField> right = join.getRight().getRowType().getFieldList();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            keys.add(left.get(info.leftKeys.get(i)).getName() + " = " + right.get(info.rightKeys.get(i)).getName());
        }
        String type = join.getJoinType().name().toLowerCase(Locale.ROOT);
        return type + (keys.isEmpty() ? " (no equi-keys)" : " on " + abbreviate(String.join(", ", keys)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
