package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * A failed call to a worker: its message is the description the worker sent (for a failed task, the task's error
 * message), its status code says what kind of failure it was.
 */
public final class WorkerException extends RuntimeException {

    private final FlightStatusCode statusCode;

    public WorkerException(FlightStatusCode statusCode, String message, Throwable cause) {
        super(message, cause);
        this.statusCode = requireNonNull(statusCode, "statusCode");
    }

    /** Wraps a Flight error, keeping the server's description as the message (prefixed with {@code context}). */
    static WorkerException from(String context, FlightRuntimeException error) {
        String description = error.status().description();
        if (description == null || description.isEmpty()) {
            description = error.status().code().name();
        }
        String message = context == null ? description : context + ": " + description;
        return new WorkerException(error.status().code(), message, error);
    }

    /** The Flight status code the worker replied with. */
    public FlightStatusCode statusCode() {
        return statusCode;
    }

    /** Whether the task failed because it went over a memory limit. */
    public boolean memoryLimitExceeded() {
        return statusCode == FlightStatusCode.RESOURCE_EXHAUSTED;
    }

    /** Whether the worker did not know the requested buffer. */
    public boolean notFound() {
        return statusCode == FlightStatusCode.NOT_FOUND;
    }
}
