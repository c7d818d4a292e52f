package io.proteus.server.control;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One claim on one function slot, made by a private controller (a query's {@code WorkflowExecution}, or the runner of
 * a background invocation) through the {@link GlobalController}. It is pending until the controller grants it a slot
 * on a worker ({@link #granted()} completes with the worker's id), then held until {@link GlobalController#release}
 * gives the slot back. A claim with a preemption callback may be preempted while held: the callback asks its owner to
 * stop the function, and the slot passes to the preempting claim at once (the preempted function winds down at the
 * lowest CPU priority on its worker until its owner releases the claim).
 */
public final class SlotClaim {

    /** Where a claim is in its life. */
    public enum State {
        PENDING,
        GRANTED,
        RELEASED,
        WITHDRAWN
    }

    private final long sequence;
    private final String owner;
    private final Priority priority;
    private final String requestedWorker;
    private final Consumer<String> preemption;
    private final CompletableFuture<String> granted = new CompletableFuture<>();
    // Guarded by the controller's lock.
    private State state = State.PENDING;
    private String workerId;
    private boolean preempted;

    SlotClaim(long sequence, String owner, Priority priority, String requestedWorker, Consumer<String> preemption) {
        this.sequence = sequence;
        this.owner = requireNonNull(owner, "owner");
        this.priority = requireNonNull(priority, "priority");
        this.requestedWorker = requestedWorker;
        this.preemption = preemption;
    }

    /** The query or invocation that claims the slot. */
    public String owner() {
        return owner;
    }

    public Priority priority() {
        return priority;
    }

    /** The worker the claim asks for, or empty when any worker will do. */
    public Optional<String> requestedWorker() {
        return Optional.ofNullable(requestedWorker);
    }

    /**
     * Completes with the id of the worker whose slot was granted, or exceptionally with a
     * {@link java.util.concurrent.CancellationException} when the claim was withdrawn before it was granted.
     */
    public CompletableFuture<String> granted() {
        return granted;
    }

    /** Whether a higher-priority claim preempted this one while it held its slot. */
    public synchronized boolean preempted() {
        return preempted;
    }

    public synchronized State state() {
        return state;
    }

    long sequence() {
        return sequence;
    }

    boolean preemptible() {
        return preemption != null;
    }

    Consumer<String> preemption() {
        return preemption;
    }

    synchronized String workerId() {
        return workerId;
    }

    synchronized void grant(String worker) {
        state = State.GRANTED;
        workerId = worker;
    }

    synchronized void markPreempted() {
        preempted = true;
    }

    synchronized void end(State finalState) {
        state = finalState;
    }

    @Override
    public String toString() {
        return "claim " + sequence + " of " + owner + " (" + priority.label() + ", " + state() + ")";
    }
}
