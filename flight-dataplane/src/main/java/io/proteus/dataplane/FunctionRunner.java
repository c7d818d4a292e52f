package io.proteus.dataplane;

import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs background functions on a worker's slots. Like {@link TaskFunction} it decouples the data plane from what it
 * runs: the process that starts the worker passes the functions its plugins provide; {@link #NONE} refuses every call.
 */
@FunctionalInterface
public interface FunctionRunner {

    /** A worker without background functions. */
    FunctionRunner NONE = (call, input, workerId, workerAllocator, cancelled) -> {
        throw new IllegalArgumentException("worker " + workerId + " has no background functions (no plugin provides "
                + call.function() + ")");
    };

    /**
     * Runs one function to completion.
     *
     * @param call which function, with which arguments
     * @param input the input bytes
     * @param workerId the worker running it
     * @param workerAllocator the worker's allocator; functions over Arrow batches allocate from a child of it per call
     * @param cancelled turns true when the call is cancelled (its invocation preempted or cancelled) or its caller left
     * @return the output bytes
     * @throws IllegalArgumentException if the worker does not know the function or its arguments are invalid
     */
    byte[] run(FunctionCall call, byte[] input, String workerId, BufferAllocator workerAllocator, BooleanSupplier cancelled)
            throws Exception;
}
