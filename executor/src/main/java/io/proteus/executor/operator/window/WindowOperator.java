package io.proteus.executor.operator.window;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnWriter;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.plan.WindowCall;
import io.proteus.executor.plan.WindowFrame;
import io.proteus.executor.plan.WindowNode;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import io.proteus.executor.vector.Batches;
import io.proteus.executor.vector.RowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Evaluates the window functions of one {@link WindowNode}. It materialises its input in a {@link RowStore}, sorts the
 * row indexes by partition and order keys, finds partitions and peer groups, loads the argument columns in that order
 * and computes each function over all rows into a result column ({@link RankingFunctions},
 * {@link NavigationFunctions}, {@link FrameAggregate}). It then emits the stored rows in their input order (copied by
 * ranges, not gathered row by row: SQL gives window output no order) with the result columns appended, each value
 * picked from its row's position. Arrow memory is the operator allocator's; the heap it holds is charged to it too.
 */
public final class WindowOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final WindowNode node;
    private final Schema schema;
    private final MemoryAccount memory;
    private RowStore store;
    /** For each stored row, its position in evaluation order (where the results are). */
    private int[] positionOfRow;
    private List<Column> results;
    private int emitted;

    public WindowOperator(OperatorContext context, Operator input, WindowNode node) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        this.node = requireNonNull(node, "node");
        List<DataType> inputTypes = input.types();
        validate(node, inputTypes);
        List<Field> fields = new ArrayList<>(input.schema().getFields());
        for (WindowCall call : node.calls()) {
            fields.add(call.type().toField("c" + fields.size()));
        }
        this.schema = new Schema(fields);
        this.memory = new MemoryAccount(context.allocator());
    }

    private static void validate(WindowNode node, List<DataType> inputTypes) {
        for (int key : node.partitionKeys()) {
            checkColumn(key, inputTypes, "partition key");
        }
        for (SortKey key : node.orderKeys()) {
            checkColumn(key.column(), inputTypes, "order key");
        }
        WindowFrame frame = node.frame();
        if (frame.unit() == WindowFrame.Unit.ROWS) {
            for (WindowFrame.Bound bound : List.of(frame.start(), frame.end())) {
                if (bound.offset() != null && bound.offset().stripTrailingZeros().scale() > 0) {
                    throw new IllegalArgumentException("ROWS frame offsets must be whole numbers, not " + bound.offset());
                }
            }
        } else if (WindowFrames.needsKeyValues(frame)) {
            if (node.orderKeys().size() != 1) {
                throw new IllegalArgumentException("a RANGE frame with an offset needs exactly one order key");
            }
            TypeKind kind = inputTypes.get(node.orderKeys().getFirst().column()).kind();
            if (kind != TypeKind.INTEGER && kind != TypeKind.BIGINT && kind != TypeKind.DECIMAL && kind != TypeKind.DOUBLE
                    && kind != TypeKind.DATE) {
                throw new IllegalArgumentException("a RANGE frame with an offset needs a numeric or date order key");
            }
        }
        for (WindowCall call : node.calls()) {
            for (int argument : call.arguments()) {
                checkColumn(argument, inputTypes, call.function() + " argument");
            }
            List<DataType> arguments = call.arguments().stream().map(inputTypes::get).toList();
            int count = arguments.size();
            boolean valid = switch (call.function()) {
                case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, COUNT_STAR -> count == 0;
                case NTILE -> count == 1 && isIntegral(arguments.get(0));
                case LAG, LEAD -> count >= 1 && count <= 3 && sameType(arguments.get(0), call.type())
                        && (count < 2 || isIntegral(arguments.get(1))) && (count < 3 || sameType(arguments.get(2), call.type()));
                case FIRST_VALUE, LAST_VALUE, MIN, MAX -> count == 1 && sameType(arguments.get(0), call.type());
                case NTH_VALUE -> count == 2 && sameType(arguments.get(0), call.type()) && isIntegral(arguments.get(1));
                case COUNT -> count == 1;
                case SUM -> count == 1 && switch (arguments.get(0).kind()) {
                    case INTEGER, BIGINT -> call.type().kind() == TypeKind.BIGINT;
                    case DOUBLE -> call.type().kind() == TypeKind.DOUBLE;
                    case DECIMAL -> call.type().kind() == TypeKind.DECIMAL && call.type().scale() == arguments.get(0).scale();
                    default -> false;
                };
                case AVG -> count == 1 && isNumeric(arguments.get(0))
                        && (call.type().kind() == TypeKind.DOUBLE || call.type().kind() == TypeKind.DECIMAL);
            };
            if (!valid) {
                throw new IllegalArgumentException("invalid window call " + call.function() + " of " + arguments
                        + " returning " + call.type());
            }
        }
    }

    private static void checkColumn(int column, List<DataType> inputTypes, String what) {
        if (column < 0 || column >= inputTypes.size()) {
            throw new IllegalArgumentException(what + " " + column + " does not exist; the input has " + inputTypes.size()
                    + " columns");
        }
    }

    private static boolean isIntegral(DataType type) {
        return type.kind() == TypeKind.INTEGER || type.kind() == TypeKind.BIGINT;
    }

    private static boolean isNumeric(DataType type) {
        return isIntegral(type) || type.kind() == TypeKind.DECIMAL || type.kind() == TypeKind.DOUBLE;
    }

    private static boolean sameType(DataType argument, DataType result) {
        return argument.withNullable(true).equals(result.withNullable(true));
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        if (store == null) {
            store = new RowStore(input.schema(), context.allocator());
            VectorSchemaRoot batch;
            while ((batch = input.next()) != null) {
                try {
                    store.append(batch);
                } finally {
                    batch.close();
                }
                context.task().checkCancelled();
            }
            evaluate();
        }
        int rows = store.rowCount();
        if (emitted >= rows) {
            return null;
        }
        int count = Math.min(TARGET_BATCH_ROWS, rows - emitted);
        // The stored rows go out in input order, copied by ranges; each result value is picked from its position.
        int[] selection = new int[count];
        System.arraycopy(positionOfRow, emitted, selection, 0, count);
        VectorSchemaRoot stored = Batches.slice(store.schema(), store.vectors(), emitted, count, context.allocator());
        List<FieldVector> vectors = new ArrayList<>(stored.getFieldVectors());
        try {
            List<Field> fields = schema.getFields();
            for (int call = 0; call < results.size(); call++) {
                FieldVector vector = fields.get(stored.getFieldVectors().size() + call).createVector(context.allocator());
                vectors.add(vector);
                ColumnWriter.write(results.get(call), selection, count, vector);
            }
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
        emitted += count;
        return new VectorSchemaRoot(schema.getFields(), vectors, count);
    }

    /** Sorts the stored rows and computes every call's results, in evaluation order. */
    private void evaluate() {
        int rows = store.rowCount();
        results = new ArrayList<>(node.calls().size());
        if (rows == 0) {
            positionOfRow = new int[0];
            return;
        }
        List<FieldVector> vectors = store.vectors();
        WindowLayout layout = WindowLayout.create(vectors, rows, node.partitionKeys(), node.orderKeys(), memory);
        int[] order = layout.order();
        positionOfRow = new int[rows];
        for (int position = 0; position < rows; position++) {
            positionOfRow[order[position]] = position;
        }
        Map<Integer, Column> arguments = new HashMap<>();
        for (WindowCall call : node.calls()) {
            for (int argument : call.arguments()) {
                arguments.computeIfAbsent(argument, column -> layout.loadInOrder(vectors.get(column)));
            }
        }
        WindowFrames frames = null;
        if (node.calls().stream().anyMatch(call -> call.function().usesFrame())) {
            Column orderKey = WindowFrames.needsKeyValues(node.frame())
                    ? layout.loadInOrder(vectors.get(node.orderKeys().getFirst().column())) : null;
            frames = WindowFrames.compute(node.frame(), layout,
                    orderKey, node.orderKeys().isEmpty() ? null : node.orderKeys().getFirst());
        }
        for (WindowCall call : node.calls()) {
            results.add(Column.create(call.type(), rows));
        }
        long bytes = layout.retainedBytes() + rows * 4L + (frames == null ? 0 : frames.retainedBytes());
        for (Column column : arguments.values()) {
            bytes += column.retainedBytes();
        }
        for (Column column : results) {
            bytes += column.retainedBytes();
        }
        memory.update(bytes);
        for (int index = 0; index < node.calls().size(); index++) {
            WindowCall call = node.calls().get(index);
            Column result = results.get(index);
            List<Column> columns = call.arguments().stream().map(arguments::get).toList();
            Column first = columns.isEmpty() ? null : columns.get(0);
            Column second = columns.size() > 1 ? columns.get(1) : null;
            switch (call.function()) {
                case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE ->
                        RankingFunctions.evaluate(call.function(), layout, first, result);
                case LAG, LEAD -> NavigationFunctions.offset(call.function(), layout, first, second,
                        columns.size() > 2 ? columns.get(2) : null, result);
                case FIRST_VALUE, LAST_VALUE, NTH_VALUE ->
                        NavigationFunctions.frameValue(call.function(), layout, frames, first, second, result);
                case COUNT_STAR, COUNT, SUM, AVG, MIN, MAX -> {
                    FrameAggregate aggregate = FrameAggregate.create(call.function(), first, result);
                    memory.update(bytes + aggregate.retainedBytes());
                    aggregate.evaluate(layout, frames);
                }
            }
            context.task().checkCancelled();
        }
    }

    @Override
    public void close() {
        try {
            input.close();
        } finally {
            if (store != null) {
                store.close();
            }
            memory.close();
        }
    }
}
