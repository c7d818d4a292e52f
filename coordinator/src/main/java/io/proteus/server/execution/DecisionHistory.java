package io.proteus.server.execution;

import io.proteus.spi.decision.PastDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What earlier runs of the same workflow decided at each node, keyed by the workflow's plan signature and node id, so
 * that decision nodes can refine their choices run after run. Keeps the latest runs only, but never drops the last
 * decision that saw all of its inputs run: later runs that avoid materialising an input (for example by broadcasting
 * the other side of a join) still know its real size from it.
 */
public final class DecisionHistory {

    private static final int KEPT_RUNS = 8;

    private final Map<String, List<PastDecision>> runs = new ConcurrentHashMap<>();

    public List<PastDecision> get(String workflowSignature, String nodeId) {
        List<PastDecision> past = runs.get(workflowSignature + "#" + nodeId);
        if (past == null) {
            return List.of();
        }
        synchronized (past) {
            return List.copyOf(past);
        }
    }

    public void add(String workflowSignature, String nodeId, PastDecision decision) {
        List<PastDecision> past = runs.computeIfAbsent(workflowSignature + "#" + nodeId, key -> new ArrayList<>());
        synchronized (past) {
            past.add(decision);
            if (past.size() > KEPT_RUNS) {
                past.remove(oldestDroppable(past));
            }
        }
    }

    private static int oldestDroppable(List<PastDecision> past) {
        int lastFullyObserved = -1;
        for (int i = past.size() - 1; i >= 0; i--) {
            if (past.get(i).allInputsObserved()) {
                lastFullyObserved = i;
                break;
            }
        }
        return lastFullyObserved == 0 ? 1 : 0;
    }
}
