package io.proteus.executor.operator;

import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A vectorised physical operator in the pull model: each {@link #next()} returns one batch of Arrow vectors, owned by
 * the caller (who closes it), or null when the operator is exhausted. Batches have the operator's {@link #schema()}
 * (vector classes follow the declared types; nullability flags may differ). Closing an operator releases everything it
 * holds, including its inputs, whether or not it was drained.
 */
public interface Operator extends AutoCloseable {

    /** The number of rows operators aim for when they build batches. */
    int TARGET_BATCH_ROWS = 32 * 1024;

    /** The output columns: names and declared types. */
    Schema schema();

    /** The declared types of the output columns. */
    default List<DataType> types() {
        return Vectors.types(schema());
    }

    /** The next batch (the caller owns and closes it), or null at the end. */
    VectorSchemaRoot next();

    @Override
    void close();
}
