package io.proteus.examples.function;

import io.proteus.spi.function.ArrowBatchFunction;
import io.proteus.spi.function.FunctionContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code arrow-scale}: an Arrow batch transform. It multiplies every 64-bit integer column ({@code BIGINT}) by
 * {@code factor} (default 2; nulls stay null, overflow fails the call) and passes the other columns through unchanged.
 */
public final class ScaleIntegersFunction implements ArrowBatchFunction {

    @Override
    public String name() {
        return "arrow-scale";
    }

    @Override
    public String description() {
        return "Arrow batches: multiplies every BIGINT column by factor (default 2), other columns unchanged";
    }

    @Override
    public VectorSchemaRoot apply(VectorSchemaRoot batch, BufferAllocator allocator, FunctionContext context) {
        long factor = context.intArgument("factor", 2);
        int rows = batch.getRowCount();
        List<FieldVector> columns = new ArrayList<>();
        try {
            for (FieldVector input : batch.getFieldVectors()) {
                context.checkCancelled();
                if (input instanceof BigIntVector integers) {
                    BigIntVector scaled = new BigIntVector(input.getField(), allocator);
                    columns.add(scaled);
                    scaled.allocateNew(rows);
                    for (int row = 0; row < rows; row++) {
                        if (integers.isNull(row)) {
                            scaled.setNull(row);
                        } else {
                            scaled.set(row, Math.multiplyExact(integers.get(row), factor));
                        }
                    }
                    scaled.setValueCount(rows);
                } else {
                    // A copy sharing the input's buffers (reference counted), in the output's allocator.
                    FieldVector copy = (FieldVector) input.getTransferPair(allocator).getTo();
                    columns.add(copy);
                    input.makeTransferPair(copy).splitAndTransfer(0, rows);
                }
            }
            return new VectorSchemaRoot(columns);
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            throw e;
        }
    }
}
