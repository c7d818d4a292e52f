package io.proteus.dataplane;

/** The names of the Flight actions a worker's server understands, shared by the server and {@link WorkerClient}. */
public final class WorkerActions {

    /** Body: JSON {@code TaskDescriptor}; result: one JSON {@code TaskResult}. */
    public static final String RUN_TASK = "proteus.run-task";
    /** Body: the query id (UTF-8); cancels the query's tasks and frees its buffers. No result. */
    public static final String RELEASE_QUERY = "proteus.release-query";
    /** Body: the query id (UTF-8); flags the query's running and queued tasks as cancelled. No result. */
    public static final String CANCEL_QUERY = "proteus.cancel-query";
    /** No body; result: one JSON {@link WorkerStatus}. */
    public static final String STATUS = "proteus.status";

    private WorkerActions() {
    }
}
