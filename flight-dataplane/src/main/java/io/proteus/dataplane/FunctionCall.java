package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One run of a background function on a worker: which invocation and which step of its chain it is, which attempt
 * (a preempted step runs again with the next attempt), the function's name and its arguments. The input bytes travel
 * beside it (see {@link WorkerActions#RUN_FUNCTION}).
 *
 * @param invocationId the invocation, unique in the cluster; cancelling it names this id
 * @param step the position of the function in the invocation's chain, from 0
 * @param attempt 0 for the first run of this step, then one more for each run after a preemption
 * @param function the name of the function (as its plugin provides it)
 * @param arguments the arguments the function was registered with
 */
public record FunctionCall(String invocationId, int step, int attempt, String function, Map<String, String> arguments) {

    public FunctionCall {
        requireNonNull(invocationId, "invocationId");
        requireNonNull(function, "function");
        arguments = Map.copyOf(arguments);
    }

    /** A readable id of this run, e.g. {@code inv-3/step1/a0}. */
    public String id() {
        return invocationId + "/step" + step + "/a" + attempt;
    }
}
