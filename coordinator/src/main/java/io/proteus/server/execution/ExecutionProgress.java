package io.proteus.server.execution;

/**
 * A snapshot of a running workflow: stages finished and running, tasks finished out of those scheduled so far, and
 * the label of the running stage (null between stages). Totals grow as the workflow decides further stages.
 */
public record ExecutionProgress(int stagesFinished, int stagesRunning, int tasksFinished, int tasksScheduled,
        String runningStage) {

    public ExecutionProgress {
        if (stagesFinished < 0 || stagesRunning < 0 || tasksFinished < 0 || tasksScheduled < 0) {
            throw new IllegalArgumentException("progress counts must not be negative");
        }
    }
}
