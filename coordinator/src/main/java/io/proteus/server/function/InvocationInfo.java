package io.proteus.server.function;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a background invocation, as {@code GET /v1/invocation/ID} shows it (without its output bytes).
 *
 * @param invocationId the invocation's id
 * @param user who invoked it
 * @param chain the functions it runs, in order (registered names)
 * @param state where it is
 * @param step the step running or waiting (index into the chain), or the chain's length when finished
 * @param preemptions how many times a query preempted one of its steps (each preempted step ran again)
 * @param submitted when it was invoked
 * @param finished when it ended, or null
 * @param elapsedSeconds seconds from invocation to end (or to now)
 * @param inputBytes size of its input
 * @param outputBytes size of its output once finished, else 0
 * @param error why it failed, or null
 * @param steps the runs of its steps so far, completed or preempted
 */
public record InvocationInfo(String invocationId, String user, List<String> chain, InvocationState state, int step,
        int preemptions, Instant submitted, Instant finished, double elapsedSeconds, long inputBytes, long outputBytes,
        String error, List<StepRun> steps) {

    public InvocationInfo {
        requireNonNull(invocationId, "invocationId");
        chain = List.copyOf(chain);
        steps = List.copyOf(steps);
    }

    /**
     * One run of one step on a worker.
     *
     * @param step index in the chain
     * @param function the plugin function it ran
     * @param attempt 0, then one more for each run after a preemption
     * @param workerId where it ran
     * @param seconds how long it held the slot
     * @param outcome {@code finished}, {@code preempted}, {@code failed} or {@code cancelled}
     */
    public record StepRun(int step, String function, int attempt, String workerId, double seconds, String outcome) {
    }
}
