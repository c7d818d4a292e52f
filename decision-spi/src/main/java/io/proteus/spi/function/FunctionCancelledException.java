package io.proteus.spi.function;

/** Thrown by a {@link BackgroundFunction} that stopped because its invocation was cancelled or preempted. */
public class FunctionCancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FunctionCancelledException(String message) {
        super(message);
    }
}
