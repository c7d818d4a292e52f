package io.proteus.dataplane;

/** The names of the Flight actions a worker's server understands, shared by the server and {@link WorkerClient}. */
public final class WorkerActions {

    /** Body: JSON {@code TaskDescriptor}; result: one JSON {@code TaskResult}. */
    public static final String RUN_TASK = "proteus.run-task";
    /** Body: the query id (UTF-8); cancels the query's tasks and frees its buffers. No result. */
    public static final String RELEASE_QUERY = "proteus.release-query";
    /** Body: the query id (UTF-8); flags the query's running and queued tasks as cancelled. No result. */
    public static final String CANCEL_QUERY = "proteus.cancel-query";
    /**
     * Body: a 4-byte big-endian length, that many bytes of JSON {@link FunctionCall}, then the input bytes; result: one
     * body holding the function's output bytes. Runs a background function on one of the worker's slots.
     */
    public static final String RUN_FUNCTION = "proteus.run-function";
    /** Body: an invocation id (UTF-8); flags its running or queued function calls as cancelled. No result. */
    public static final String CANCEL_FUNCTION = "proteus.cancel-function";
    /**
     * Body: a buffer's ticket text ({@code BufferId}); result: one body holding the path (UTF-8) of an Arrow IPC file
     * in the worker's shared-memory directory holding the buffer, for a worker process of the same host to map. The
     * reader deletes the file once mapped. UNIMPLEMENTED when the worker has no shared-memory directory.
     */
    public static final String EXPORT_SHARED_MEMORY = "proteus.export-shared-memory";
    /** No body; result: one JSON {@link WorkerStatus}. */
    public static final String STATUS = "proteus.status";

    private WorkerActions() {
    }
}
