package io.proteus.executor.operator.aggregate;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnWriter;
import io.proteus.executor.expression.CompiledExpression;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.ExpressionCompiler;
import io.proteus.executor.expression.kernel.CastKernel;
import io.proteus.executor.expression.kernel.InputKernel;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.operator.hash.GroupHashTable;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Hash aggregation in one of the steps SINGLE, PARTIAL or FINAL. Each input batch is hashed column-wise, mapped to
 * dense group ids by a {@link GroupHashTable} (NULL keys form one group), and every aggregate updates primitive
 * per-group accumulators in a tight loop. Without group keys there is one group, and SINGLE and FINAL produce exactly
 * one row even for empty input. Output: the keys, then per aggregate its final value (SINGLE, FINAL) or state columns
 * (PARTIAL), in batches of up to {@link Operator#TARGET_BATCH_ROWS} groups in order of first appearance.
 */
public final class HashAggregateOperator implements Operator {

    private final OperatorContext context;
    private final Operator input;
    private final AggregateNode node;
    private final int[] groupKeys;
    private final List<AggregateSpec> specs = new ArrayList<>();
    private final List<List<CompiledExpression>> specInputs = new ArrayList<>();
    private final GroupHashTable table;
    private final Schema schema;
    private final MemoryAccount memory;
    private final EvaluationContext evaluation = new EvaluationContext();
    private final CompiledExpression filter;
    private int[] selected = new int[0];
    private int[] groupIds = new int[0];
    private long[] hashes = new long[0];
    private int[] filtered = new int[0];
    private int groupCount;
    private boolean built;
    private int emitted;

    public HashAggregateOperator(OperatorContext context, Operator input, AggregateNode node) {
        this(context, input, node, null);
    }

    /**
     * An aggregation that first keeps only the input rows for which {@code filter} is TRUE (a filter fused into the
     * aggregation: rows are never copied, keys and aggregates are evaluated over the selected rows only).
     */
    public HashAggregateOperator(OperatorContext context, Operator input, AggregateNode node, Expression filter) {
        this.context = requireNonNull(context, "context");
        this.input = requireNonNull(input, "input");
        this.node = requireNonNull(node, "node");
        this.memory = new MemoryAccount(context.allocator());
        List<DataType> inputTypes = input.types();
        this.groupKeys = node.groupKeys().stream().mapToInt(Integer::intValue).toArray();
        List<Field> fields = new ArrayList<>();
        List<DataType> keyTypes = new ArrayList<>();
        for (int key : groupKeys) {
            if (key < 0 || key >= inputTypes.size()) {
                throw new IllegalArgumentException("group key " + key + " does not exist; the input has " + inputTypes.size()
                        + " columns");
            }
            keyTypes.add(inputTypes.get(key));
            fields.add(input.schema().getFields().get(key));
        }
        this.table = groupKeys.length == 0 ? null : new GroupHashTable(keyTypes);
        for (AggregateCall call : node.aggregates()) {
            AggregateSpec spec = AggregateSpec.create(call, node.step(), inputTypes);
            specs.add(spec);
            specInputs.add(ExpressionCompiler.compileAll(spec.inputs(), inputTypes));
            for (DataType type : spec.outputTypes()) {
                fields.add(type.toField("c" + fields.size()));
            }
        }
        this.schema = new Schema(fields);
        this.filter = filter == null ? null : ExpressionCompiler.compile(filter, inputTypes);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        if (!built) {
            build();
        }
        if (emitted >= groupCount) {
            return null;
        }
        int count = Math.min(TARGET_BATCH_ROWS, groupCount - emitted);
        VectorSchemaRoot batch = emit(emitted, count);
        emitted += count;
        return batch;
    }

    private void build() {
        long rows = 0;
        VectorSchemaRoot batch;
        while ((batch = input.next()) != null) {
            try {
                rows += batch.getRowCount();
                process(batch);
            } finally {
                batch.close();
            }
            long retained = (long) groupIds.length * 12 + filtered.length * 4L;
            for (AggregateSpec spec : specs) {
                retained += spec.accumulator().retainedBytes();
            }
            memory.update(retained + (table == null ? 0 : table.retainedBytes()));
        }
        if (table == null && groupCount == 0 && (!node.step().outputsStates() || rows > 0)) {
            groupCount = 1;
            specs.forEach(spec -> spec.accumulator().ensureGroups(1));
        }
        built = true;
    }

    private void process(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        evaluation.bind(batch);
        if (groupIds.length < rows) {
            groupIds = new int[rows];
            hashes = new long[rows];
            filtered = new int[rows];
            selected = new int[rows];
        }
        // The rows to aggregate: all, or those the fused filter keeps.
        int[] base = null;
        int baseCount = rows;
        if (filter != null) {
            BooleanColumn condition = (BooleanColumn) filter.evaluate(evaluation);
            baseCount = io.proteus.executor.operator.FilterOperator.selectTrue(condition, rows, selected);
            if (baseCount == 0) {
                return;
            }
            base = baseCount == rows ? null : selected;
        }
        if (table == null) {
            Arrays.fill(groupIds, 0, rows, 0);
            groupCount = 1;
        } else {
            Column[] keys = new Column[groupKeys.length];
            for (int k = 0; k < groupKeys.length; k++) {
                keys[k] = evaluation.input(groupKeys[k]);
                RowHashing.hashColumn(keys[k], base, baseCount, hashes, k > 0);
            }
            table.findOrInsert(keys, hashes, base, baseCount, rows, groupIds);
            groupCount = table.groupCount();
        }
        for (int s = 0; s < specs.size(); s++) {
            AggregateSpec spec = specs.get(s);
            Accumulator accumulator = spec.accumulator();
            accumulator.ensureGroups(groupCount);
            int[] selection = base;
            int count = baseCount;
            int filterColumn = spec.call().filterColumn();
            if (filterColumn >= 0) {
                BooleanColumn filterValues = (BooleanColumn) evaluation.input(filterColumn);
                count = 0;
                for (int k = 0; k < baseCount; k++) {
                    int i = base == null ? k : base[k];
                    if (filterValues.isTrue(i)) {
                        filtered[count++] = i;
                    }
                }
                selection = filtered;
                if (count == 0) {
                    continue;
                }
            }
            List<CompiledExpression> inputs = specInputs.get(s);
            Column[] columns = new Column[inputs.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = inputs.get(i).evaluate(evaluation, selection, count);
            }
            if (spec.merge()) {
                accumulator.merge(columns, groupIds, selection, count);
            } else {
                accumulator.add(columns, groupIds, selection, count);
            }
        }
    }

    private VectorSchemaRoot emit(int from, int count) {
        List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
        try {
            int field = 0;
            for (int k = 0; k < groupKeys.length; k++) {
                FieldVector vector = schema.getFields().get(field++).createVector(context.allocator());
                vectors.add(vector);
                ColumnWriter.write(table.keyColumn(k), from, count, vector);
            }
            for (AggregateSpec spec : specs) {
                Accumulator accumulator = spec.accumulator();
                Column[] columns;
                List<DataType> produced;
                boolean check;
                if (node.step().outputsStates()) {
                    columns = accumulator.states(from, count);
                    produced = accumulator.stateTypes();
                    check = false;
                } else {
                    columns = new Column[] {accumulator.result(from, count)};
                    produced = List.of(accumulator.resultType());
                    check = true;
                }
                for (int c = 0; c < columns.length; c++) {
                    DataType declared = spec.outputTypes().get(c);
                    Column column = convert(columns[c], produced.get(c), declared, count, check);
                    FieldVector vector = schema.getFields().get(field++).createVector(context.allocator());
                    vectors.add(vector);
                    ColumnWriter.write(column, 0, count, vector);
                }
            }
            return new VectorSchemaRoot(schema.getFields(), vectors, count);
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
    }

    /** Converts an accumulator's output to the declared type (for example the SUM's DECIMAL(38, s) to DECIMAL(p, s)). */
    private static Column convert(Column column, DataType produced, DataType declared, int count, boolean check) {
        if (CastKernel.isIdentity(produced, declared, check)) {
            return column;
        }
        EvaluationContext conversion = new EvaluationContext();
        conversion.bindColumns(new Column[] {column}, count);
        return new CastKernel(new InputKernel(0, produced), declared, check).evaluate(conversion, null, count);
    }

    @Override
    public void close() {
        try {
            input.close();
        } finally {
            memory.close();
        }
    }
}
