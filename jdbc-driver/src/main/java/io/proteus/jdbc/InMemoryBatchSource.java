package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.VectorSchemaRoot;

/** A single batch already in memory (the driver's own metadata tables), closed with the result set. */
final class InMemoryBatchSource implements BatchSource {
    private final VectorSchemaRoot root;
    private boolean loaded;
    private boolean closed;

    InMemoryBatchSource(VectorSchemaRoot root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public boolean loadNextBatch() {
        if (loaded || closed) {
            return false;
        }
        loaded = true;
        return true;
    }

    @Override
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public void cancel() {}

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }
}
