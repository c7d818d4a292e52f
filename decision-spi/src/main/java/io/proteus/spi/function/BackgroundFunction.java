package io.proteus.spi.function;

/**
 * A serverless function beside SQL: it turns one input value (bytes) into one output value, and can be chained with
 * others (each function's output is the next one's input). Proteus runs it on a worker's function slot at background
 * priority: only in slots no query needs, and a query that needs the slot cancels it (the invocation is then run again
 * from the start of this function). A function must therefore be deterministic over its input and arguments, have no
 * effect outside its output, and call {@link FunctionContext#checkCancelled()} often (every few milliseconds of work)
 * so that it gives its slot back quickly.
 *
 * <p>Instances are shared by all invocations on a worker and may run on several slots at once: keep them stateless.
 */
public interface BackgroundFunction {

    /** The name invocations and registrations refer to, e.g. {@code sha256}; unique among all plugins. */
    String name();

    /** One line for listings: what the function computes and which arguments it reads. */
    String description();

    /**
     * Computes the output of one invocation.
     *
     * @param input the input value (the invocation's input, or the previous function's output in a chain)
     * @param context the invocation's arguments and its cancellation flag
     * @return the output value, never null
     * @throws FunctionCancelledException when {@link FunctionContext#checkCancelled()} found the invocation cancelled
     * @throws Exception any other failure fails the invocation with the exception's message
     */
    byte[] apply(byte[] input, FunctionContext context) throws Exception;
}
