package io.proteus.executor.testing;

import io.proteus.executor.operator.Operator;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Vectors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds Arrow batches from Java values and reads them back, for tests. Values: Boolean, Integer (INTEGER), Long
 * (BIGINT), Double, BigDecimal (DECIMAL), LocalDate (DATE), String (VARCHAR), or null.
 */
public final class TestData {

    private TestData() {
    }

    /** Shorthand for a list of column types. */
    public static List<DataType> types(DataType... types) {
        return List.of(types);
    }

    /** A row of values (nulls allowed). */
    public static List<Object> row(Object... values) {
        if (values == null) {
            return Arrays.asList((Object) null);
        }
        return Arrays.asList(values);
    }

    /** A batch with the given column types and rows (row-major values). */
    public static VectorSchemaRoot batch(BufferAllocator allocator, List<DataType> types, List<List<Object>> rows) {
        Schema schema = Vectors.schema(types.stream().map(t -> t.withNullable(true)).toList(), null);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            for (int column = 0; column < types.size(); column++) {
                FieldVector vector = root.getVector(column);
                for (int row = 0; row < rows.size(); row++) {
                    set(vector, row, rows.get(row).get(column));
                }
                vector.setValueCount(rows.size());
            }
            root.setRowCount(rows.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        switch (vector) {
            case IntVector v -> v.setSafe(row, (Integer) value);
            case BigIntVector v -> v.setSafe(row, ((Number) value).longValue());
            case Float8Vector v -> v.setSafe(row, ((Number) value).doubleValue());
            case DecimalVector v -> v.setSafe(row, ((BigDecimal) value).setScale(v.getScale(), RoundingMode.UNNECESSARY));
            case DateDayVector v -> v.setSafe(row, (int) ((LocalDate) value).toEpochDay());
            case VarCharVector v -> v.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BitVector v -> v.setSafe(row, (Boolean) value ? 1 : 0);
            default -> throw new IllegalArgumentException("unsupported vector " + vector);
        }
    }

    /** The rows of a batch as Java values. */
    public static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row < root.getRowCount(); row++) {
            List<Object> values = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                values.add(value(vector, row));
            }
            rows.add(values);
        }
        return rows;
    }

    /** One value of a vector as a Java value. */
    public static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (vector) {
            case DateDayVector v -> LocalDate.ofEpochDay(v.get(row));
            case VarCharVector v -> new String(v.get(row), StandardCharsets.UTF_8);
            case BitVector v -> v.get(row) != 0;
            default -> vector.getObject(row);
        };
    }

    /** Pulls every batch of an operator (closing them) and returns all rows; does not close the operator. */
    public static List<List<Object>> drain(Operator operator) {
        List<List<Object>> rows = new ArrayList<>();
        VectorSchemaRoot batch;
        while ((batch = operator.next()) != null) {
            try {
                rows.addAll(rows(batch));
            } finally {
                batch.close();
            }
        }
        return rows;
    }

    /** Like {@link #drain} but also returns the batch sizes. */
    public static List<Integer> batchSizes(Operator operator) {
        List<Integer> sizes = new ArrayList<>();
        VectorSchemaRoot batch;
        while ((batch = operator.next()) != null) {
            sizes.add(batch.getRowCount());
            batch.close();
        }
        return sizes;
    }

    public static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }

    public static LocalDate date(String text) {
        return LocalDate.parse(text);
    }
}
