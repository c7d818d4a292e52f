package io.proteus.jdbc;

import java.sql.SQLException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The batches behind a result set, read one at a time.
 *
 * <p>A source owns its batches: {@link #root()} is only valid until the next call to {@link #loadNextBatch()} or
 * {@link #close()}, which releases everything the source holds.
 */
interface BatchSource extends AutoCloseable {
    /**
     * Loads the next batch.
     *
     * @return {@code false} when there is no further batch
     */
    boolean loadNextBatch() throws SQLException;

    /** The batch loaded by the last successful {@link #loadNextBatch()}. */
    VectorSchemaRoot root();

    /** Stops a transfer in progress; may be called from another thread. */
    void cancel();

    /** Releases the batches and any stream still open; idempotent. */
    @Override
    void close();
}
