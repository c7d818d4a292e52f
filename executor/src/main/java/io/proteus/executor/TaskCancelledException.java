package io.proteus.executor;

/** Thrown when a task stops because its cancellation flag was raised; the message starts with {@code "cancelled"}. */
public class TaskCancelledException extends RuntimeException {

    public TaskCancelledException(String taskName) {
        super("cancelled: task " + taskName + " was cancelled");
    }
}
