package io.proteus.server.query;

import io.proteus.server.execution.DecisionRecord;
import io.proteus.server.execution.StageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;

/** Renders a query's workflow plan and runtime information as the text rows of EXPLAIN ANALYZE. */
final class ExplainAnalyzeFormatter {

    private ExplainAnalyzeFormatter() {
    }

    static List<String> format(RelNode workflowPlan, QueryInfo info) {
        List<String> lines = new ArrayList<>();
        lines.add("Query " + info.queryId() + "  strategy=" + info.strategy() + "  objective=" + info.objective());
        lines.add(String.format(Locale.ROOT, "Total: %.3f s elapsed (after %.3f s planning), %.3f slot-seconds (cost), %d bytes shuffled, %d bytes shared without copying, %d rows",
                info.elapsedSeconds(), info.planningSeconds(), info.slotSeconds(), info.bytesShuffled(), info.bytesSharedLocally(),
                info.resultRows()));
        lines.add("");
        lines.add("Decision workflow:");
        for (String line : RelOptUtil.toString(workflowPlan).split("\n")) {
            lines.add("  " + line);
        }
        lines.add("");
        lines.add("Decisions:");
        for (DecisionRecord decision : info.decisions()) {
            lines.add(String.format(Locale.ROOT, "  %s [%s by %s]: %s x%d, %s", decision.nodeId(), decision.point(),
                    decision.decisionNode(), decision.decision().implementation(), decision.decision().instances(),
                    decision.decision().placement()));
            lines.add("    observed: " + decision.observed());
            lines.add("    reason: " + decision.decision().reason());
        }
        lines.add("");
        lines.add("Stages:");
        for (StageRecord stage : info.stages()) {
            lines.add(String.format(Locale.ROOT,
                    "  stage %d %s (%s, node %s): %d tasks, %.3f s, %.3f slot-s, rows in %d out %d, %d bytes out, %d bytes over network, %d bytes shared",
                    stage.stageId(), stage.label(), stage.implementation(), stage.decisionNodeId(), stage.tasks(), stage.seconds(),
                    stage.slotSeconds(), stage.inputRows(), stage.outputRows(), stage.outputBytes(), stage.bytesFetchedRemotely(),
                    stage.bytesSharedLocally()));
        }
        return lines;
    }
}
