package io.proteus.dataplane;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/** Reads a buffer kept by another worker with Flight {@code DoGet}; the call starts at the first {@link #next}. */
final class RemoteBatchStream implements BatchStream {

    private final FlightClient client;
    private final String workerAddress;
    private final BufferId bufferId;
    private final LongConsumer bytesFetched;
    private FlightStream stream;
    private boolean exhausted;
    private boolean closed;

    RemoteBatchStream(FlightClient client, String workerAddress, BufferId bufferId, LongConsumer bytesFetched) {
        this.client = requireNonNull(client, "client");
        this.workerAddress = requireNonNull(workerAddress, "workerAddress");
        this.bufferId = requireNonNull(bufferId, "bufferId");
        this.bytesFetched = requireNonNull(bytesFetched, "bytesFetched");
    }

    @Override
    public void start() {
        if (stream == null && !closed) {
            try {
                stream = client.getStream(new Ticket(bufferId.toTicketText().getBytes(UTF_8)));
            } catch (FlightRuntimeException e) {
                throw WorkerException.from(
                        "cannot fetch buffer " + bufferId.toTicketText() + " from worker at " + workerAddress, e);
            }
        }
    }

    @Override
    public VectorSchemaRoot next(BufferAllocator allocator) {
        requireNonNull(allocator, "allocator");
        if (closed) {
            throw new IllegalStateException("stream over buffer " + bufferId.toTicketText() + " is closed");
        }
        if (exhausted) {
            return null;
        }
        VectorSchemaRoot source;
        try {
            if (stream == null) {
                stream = client.getStream(new Ticket(bufferId.toTicketText().getBytes(UTF_8)));
            }
            if (!stream.next()) {
                exhausted = true;
                return null;
            }
            source = stream.getRoot();
        } catch (FlightRuntimeException e) {
            throw WorkerException.from(
                    "cannot fetch buffer " + bufferId.toTicketText() + " from worker at " + workerAddress, e);
        }
        // Ownership transfer: the FlightStream reuses its root (allocated from the Flight client's allocator) for
        // every message, so each vector's buffers are moved out of it with a TransferPair into new vectors owned by
        // the caller's allocator. transfer() moves the buffers and their accounting without copying and leaves the
        // stream's vectors empty, ready for the next message; the caller closes the returned root.
        List<FieldVector> vectors = new ArrayList<>(source.getFieldVectors().size());
        long bytes = 0;
        try {
            for (FieldVector vector : source.getFieldVectors()) {
                TransferPair transfer = vector.getTransferPair(vector.getField(), allocator);
                transfer.transfer();
                FieldVector target = (FieldVector) transfer.getTo();
                vectors.add(target);
                bytes += target.getBufferSize();
            }
        } catch (RuntimeException e) {
            AutoCloseables.closeNoChecked(() -> AutoCloseables.close(vectors));
            throw e;
        }
        bytesFetched.accept(bytes);
        return new VectorSchemaRoot(source.getSchema(), vectors, source.getRowCount());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stream == null) {
            return;
        }
        try {
            // Cancels the call if the stream was not read to its end.
            stream.close();
        } catch (FlightRuntimeException e) {
            if (e.status().code() != FlightStatusCode.CANCELLED) {
                throw WorkerException.from("closing stream over buffer " + bufferId.toTicketText(), e);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot close stream over buffer " + bufferId.toTicketText(), e);
        }
    }
}
