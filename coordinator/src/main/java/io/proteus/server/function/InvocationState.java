package io.proteus.server.function;

/** Where a background invocation is: waiting for an idle slot, running a step, or ended. */
public enum InvocationState {
    /** Waiting for an idle slot (at first, between steps, or after a preemption). */
    WAITING,
    /** A step of its chain is running on a worker. */
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    public boolean done() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
