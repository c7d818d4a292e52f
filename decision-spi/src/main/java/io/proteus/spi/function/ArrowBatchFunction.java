package io.proteus.spi.function;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A background function over Arrow record batches: the invocation's bytes are an Arrow IPC stream, the worker calls
 * {@link #apply} once per batch and writes the returned batches as an Arrow IPC stream, the next function's input. The
 * same rules as for {@link BackgroundFunction} hold (deterministic, no effects outside the output, check for
 * cancellation often, stateless and shared).
 */
public interface ArrowBatchFunction {

    /** The name invocations and registrations refer to; unique among all plugin functions. */
    String name();

    /** One line for listings. */
    String description();

    /**
     * Transforms one batch. A stream without batches is given one empty batch of its schema, so that the output's
     * schema is known.
     *
     * @param batch the input batch, owned by the worker (read it; do not close it)
     * @param allocator the allocator for the output's vectors (a child allocator of the worker, per call)
     * @param context the invocation's arguments and its cancellation flag
     * @return a new batch allocated from {@code allocator}; the worker writes and closes it. Every returned batch
     *     must have the same schema.
     */
    VectorSchemaRoot apply(VectorSchemaRoot batch, BufferAllocator allocator, FunctionContext context) throws Exception;
}
