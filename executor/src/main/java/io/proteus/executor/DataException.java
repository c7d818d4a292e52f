package io.proteus.executor;

/**
 * An error caused by the data a query processes rather than by the engine: division by zero, numeric overflow, a value
 * that cannot be cast. The message is the user-facing SQL error (for example {@code "division by zero"} or
 * {@code "decimal overflow"}).
 */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
