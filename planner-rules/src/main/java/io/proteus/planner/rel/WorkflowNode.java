package io.proteus.planner.rel;

import io.proteus.spi.decision.DecisionPoint;

/**
 * A relational operator of a decision workflow plan that carries a decision point: the stage boundary where, at run
 * time, a decision node chooses the implementation, the number of function instances and their placement.
 */
public interface WorkflowNode {

    DecisionPoint decisionPoint();
}
