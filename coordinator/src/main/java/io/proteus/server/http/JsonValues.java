package io.proteus.server.http;

import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow values as JSON values: numbers for integers, doubles and booleans, strings for text, dates (ISO 8601) and
 * decimals (exact, since JSON numbers are read as doubles by most clients).
 */
final class JsonValues {

    private JsonValues() {
    }

    static List<ResultColumn> columns(Schema schema) {
        List<ResultColumn> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            columns.add(new ResultColumn(field.getName(), DataType.fromField(field).withNullable(true).toString()));
        }
        return columns;
    }

    /** The rows of a batch, each a list of JSON values. */
    static List<List<Object>> rows(VectorSchemaRoot batch) {
        List<List<Object>> rows = new ArrayList<>(batch.getRowCount());
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int row = 0; row < batch.getRowCount(); row++) {
            List<Object> values = new ArrayList<>(vectors.size());
            for (FieldVector vector : vectors) {
                values.add(value(vector, row));
            }
            rows.add(values);
        }
        return rows;
    }

    private static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (vector) {
            case VarCharVector text -> new String(text.get(row), java.nio.charset.StandardCharsets.UTF_8);
            case DecimalVector decimal -> toPlainString(decimal.getObject(row));
            case DateDayVector date -> LocalDate.ofEpochDay(date.get(row)).toString();
            default -> {
                Object value = vector.getObject(row);
                yield value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
            }
        };
    }

    private static String toPlainString(BigDecimal value) {
        return value.toPlainString();
    }
}
