package io.proteus.executor;

/** Thrown when a task needs more memory than its limit; the message starts with {@code "memory limit exceeded"}. */
public class MemoryLimitExceededException extends RuntimeException {

    private final long limitBytes;

    public MemoryLimitExceededException(String taskName, long limitBytes, Throwable cause) {
        super("memory limit exceeded: task " + taskName + " needs more than its limit of " + limitBytes + " bytes", cause);
        this.limitBytes = limitBytes;
    }

    /** The limit the task ran with, in bytes. */
    public long limitBytes() {
        return limitBytes;
    }
}
