package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The batches of a query result: the endpoints of its {@code FlightInfo}, read in order, each through one
 * {@code DoGet} stream, one batch at a time.
 *
 * <p>Only one stream is open at a time; it is opened when the previous one is exhausted and closed as soon as it is
 * (or when the source is closed, which cancels a stream that is not finished). Every {@code DoGet} runs in the
 * execution's {@link CancellationScope}, so {@link java.sql.Statement#cancel()} stops it.
 */
final class FlightBatchSource implements BatchSource {
    private final FlightSession session;
    private final Iterator<FlightEndpoint> endpoints;
    private final CancellationScope scope;
    private volatile FlightStream stream;
    private volatile boolean closed;

    FlightBatchSource(FlightSession session, List<FlightEndpoint> endpoints, CancellationScope scope) {
        this.session = requireNonNull(session, "session is null");
        this.endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null")).iterator();
        this.scope = requireNonNull(scope, "scope is null");
    }

    @Override
    public boolean loadNextBatch() throws SQLException {
        if (closed) {
            return false;
        }
        try {
            while (true) {
                if (scope.isCancelledByUser()) {
                    throw SqlErrors.queryCancelled();
                }
                FlightStream current = stream;
                if (current == null) {
                    if (!endpoints.hasNext()) {
                        return false;
                    }
                    Ticket ticket = endpoints.next().getTicket();
                    // All endpoints are read from the coordinator this driver is connected to.
                    current = scope.call(() -> session.sqlClient().getStream(ticket, session.callOptions()));
                    stream = current;
                }
                if (current.next()) {
                    return true;
                }
                stream = null;
                closeStream(current);
            }
        } catch (RuntimeException e) {
            SQLException failure = scope.isCancelledByUser() ? SqlErrors.queryCancelled() : SqlErrors.fromClient(e);
            close();
            throw failure;
        }
    }

    @Override
    public VectorSchemaRoot root() {
        FlightStream current = stream;
        if (current == null) {
            throw new IllegalStateException("No batch is loaded");
        }
        return current.getRoot();
    }

    @Override
    public void cancel() {
        FlightStream current = stream;
        if (current != null) {
            try {
                current.cancel("Cancelled by Statement.cancel()", null);
            } catch (RuntimeException ignored) {
                // The scope's cancellation below stops the call anyway.
            }
        }
        scope.cancelByUser();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        FlightStream current = stream;
        stream = null;
        if (current != null) {
            closeStream(current);
        }
        scope.close();
    }

    /** Closes a stream (cancelling it if unfinished); its buffers are released even when closing reports an error. */
    static void closeStream(FlightStream stream) {
        try {
            stream.close();
        } catch (Exception ignored) {
            // A cancelled or failed stream reports its status again on close; the failure was already reported.
        }
    }
}
