package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

/**
 * A stage of a running or finished query as the console shows it: which decision point it belongs to, how many of its
 * tasks are done, and (once finished) the rows it produced.
 *
 * @param stageId the stage number within the query
 * @param label what the stage computes (scan, partial aggregate, result, ...)
 * @param decisionNodeId the decision point the stage belongs to, or null
 * @param state RUNNING or FINISHED
 * @param tasks the number of tasks of the stage
 * @param tasksFinished how many of them have finished
 * @param seconds wall time so far
 * @param outputRows rows produced (0 while running)
 */
public record StageProgress(int stageId, String label, String decisionNodeId, State state, int tasks, int tasksFinished,
        double seconds, long outputRows) {

    /** Whether the stage is still running. */
    public enum State {
        RUNNING,
        FINISHED
    }

    public StageProgress {
        requireNonNull(label, "label");
        requireNonNull(state, "state");
    }

    /** The progress of a finished stage. */
    public static StageProgress finished(StageRecord record) {
        return new StageProgress(record.stageId(), record.label(), record.decisionNodeId(), State.FINISHED, record.tasks(),
                record.tasks(), record.seconds(), record.outputRows());
    }
}
