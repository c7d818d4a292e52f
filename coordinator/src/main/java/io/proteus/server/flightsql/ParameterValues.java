package io.proteus.server.flightsql;

import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/** Reads the values a Flight SQL client binds to a prepared statement's parameters from the batch it sends. */
final class ParameterValues {

    private ParameterValues() {
    }

    /**
     * The values of one row of a parameter batch, one per column, as Java values the SQL front end binds: numbers,
     * strings, booleans, {@link LocalDate}s, or null.
     */
    static List<Object> row(VectorSchemaRoot root, int row) {
        List<Object> values = new ArrayList<>(root.getFieldVectors().size());
        for (FieldVector vector : root.getFieldVectors()) {
            values.add(value(vector, row));
        }
        return Collections.unmodifiableList(values);
    }

    private static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (vector) {
            case DateDayVector days -> LocalDate.ofEpochDay(days.get(row));
            case DateMilliVector milliseconds -> milliseconds.getObject(row).toLocalDate();
            default -> {
                Object value = vector.getObject(row);
                yield switch (value) {
                    case Text text -> text.toString();
                    case LocalDateTime timestamp when timestamp.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ->
                            timestamp.toLocalDate();
                    case Number number -> number;
                    case Boolean bool -> bool;
                    case String text -> text;
                    default -> throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "Parameter " + vector.getName()
                            + ": values of Arrow type " + vector.getField().getType() + " are not supported");
                };
            }
        };
    }
}
