package io.proteus.jdbc;

import io.grpc.Context;
import java.util.concurrent.Callable;

/**
 * The gRPC calls of one statement execution, so that {@link java.sql.Statement#cancel()} can stop them from another
 * thread.
 *
 * <p>Each Flight call of an execution (the {@code GetFlightInfo} of the query, then the {@code DoGet} of each
 * endpoint) is started inside a cancellable gRPC {@link Context}; gRPC binds a call to the context current when it
 * starts, so cancelling the context cancels a call still waiting for the server as well as a stream being read.
 */
final class CancellationScope {
    private final Context.CancellableContext context = Context.current().withCancellation();
    private volatile boolean cancelledByUser;

    /** Runs a call that starts Flight calls inside this scope. */
    <T> T call(Callable<T> action) {
        Context previous = context.attach();
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.detach(previous);
        }
    }

    /** Cancels every call started in this scope because the user asked for it. */
    void cancelByUser() {
        cancelledByUser = true;
        context.cancel(null);
    }

    /** Releases the scope once the execution is over; calls still running in it are cancelled. */
    void close() {
        context.cancel(null);
    }

    /** Whether {@link #cancelByUser()} was called. */
    boolean isCancelledByUser() {
        return cancelledByUser;
    }
}
