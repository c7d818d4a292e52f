package io.proteus.server.query;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Where a query's result rows go (a Flight stream to the client, a drain for EXPLAIN ANALYZE, a test list). */
public interface ResultSink {

    /** Called once with the root that every batch will be loaded into before {@link #batchReady()}. */
    void start(VectorSchemaRoot root);

    /** The root now holds the next batch; the sink must be done with it when this returns. */
    void batchReady();

    /** True once the client has gone away, so the query can stop. */
    default boolean isCancelled() {
        return false;
    }
}
