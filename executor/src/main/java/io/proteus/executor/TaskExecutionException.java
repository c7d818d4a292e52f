package io.proteus.executor;

/** Wraps an unexpected failure of a task (I/O error, malformed input, engine bug) with the name of the task. */
public class TaskExecutionException extends RuntimeException {

    public TaskExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
