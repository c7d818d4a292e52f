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
import io.proteus.executor.vector.VectorCopy;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
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

    /** The input rows a PARTIAL aggregation reads before it may give up aggregating. */
    static final int ADAPTIVE_MIN_ROWS = 100_000;
    /** A PARTIAL aggregation gives up when it has more groups than this fraction of its input rows. */
    static final double ADAPTIVE_MAX_GROUP_RATIO = 0.8;

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
    private final List<DataType> inputTypes;
    /** Whether this PARTIAL aggregation may stop aggregating when it barely reduces its input (see {@link #build}). */
    private final boolean adaptive;
    /** Set once the partial aggregation has given up: later input rows pass through as one-row states. */
    private boolean passThrough;
    private long aggregatedRows;
    private int[] selected = new int[0];
    private int[] groupIds = new int[0];
    private long[] hashes = new long[0];
    private int[] filtered = new int[0];
    /** The rows of the bound batch to aggregate (those the fused filter keeps), or null for all. */
    private int[] base;
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
        this(context, input, node, filter, true);
    }

    /**
     * An aggregation with an optional fused filter (null: none) that, with {@code adaptive} and in the PARTIAL step,
     * stops aggregating when it barely reduces its input (see {@link #build}).
     */
    public HashAggregateOperator(OperatorContext context, Operator input, AggregateNode node, Expression filter,
            boolean adaptive) {
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
        this.inputTypes = List.copyOf(inputTypes);
        this.adaptive = adaptive && node.step() == AggregateStep.PARTIAL && table != null;
    }

    /** Whether the aggregation stopped aggregating and passes input rows through as states (for tests and statistics). */
    public boolean passingThrough() {
        return passThrough;
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
        if (emitted < groupCount) {
            int count = Math.min(TARGET_BATCH_ROWS, groupCount - emitted);
            VectorSchemaRoot batch = emit(emitted, count);
            emitted += count;
            return batch;
        }
        if (passThrough) {
            VectorSchemaRoot batch;
            while ((batch = input.next()) != null) {
                try {
                    VectorSchemaRoot states = passThrough(batch);
                    if (states != null) {
                        return states;
                    }
                } finally {
                    batch.close();
                }
            }
        }
        return null;
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
            if (adaptive && aggregatedRows >= ADAPTIVE_MIN_ROWS && groupCount > ADAPTIVE_MAX_GROUP_RATIO * aggregatedRows) {
                // Nearly every row is a new group: aggregating here costs a hash table probe and insert per row and
                // saves the final aggregation almost nothing. Emit the groups so far, then pass rows through.
                passThrough = true;
                break;
            }
        }
        if (table == null && groupCount == 0 && (!node.step().outputsStates() || rows > 0)) {
            groupCount = 1;
            specs.forEach(spec -> spec.accumulator().ensureGroups(1));
        }
        built = true;
    }

    /** Binds a batch and sizes the work arrays; returns the number of rows to aggregate (see {@link #base}). */
    private int bind(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        if (rows == 0) {
            return 0;
        }
        evaluation.bind(batch);
        if (groupIds.length < rows) {
            groupIds = new int[rows];
            hashes = new long[rows];
            filtered = new int[rows];
            selected = new int[rows];
        }
        // The rows to aggregate: all, or those the fused filter keeps.
        base = null;
        if (filter != null) {
            BooleanColumn condition = (BooleanColumn) filter.evaluate(evaluation);
            int count = io.proteus.executor.operator.FilterOperator.selectTrue(condition, rows, selected);
            base = count == rows ? null : selected;
            return count;
        }
        return rows;
    }

    private void process(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        int baseCount = bind(batch);
        if (baseCount == 0) {
            return;
        }
        aggregatedRows += baseCount;
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
        List<Accumulator> accumulators = new ArrayList<>(specs.size());
        for (AggregateSpec spec : specs) {
            accumulators.add(spec.accumulator());
        }
        accumulate(accumulators, groupCount, baseCount);
    }

    /** Updates the accumulators (one per spec) with rows {@link #base} of the bound batch, mapped by {@link #groupIds}. */
    private void accumulate(List<Accumulator> accumulators, int groups, int baseCount) {
        for (int s = 0; s < specs.size(); s++) {
            AggregateSpec spec = specs.get(s);
            Accumulator accumulator = accumulators.get(s);
            accumulator.ensureGroups(groups);
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

    /**
     * Turns the rows of a batch into one-row partial states without a hash table: every row is its own group of fresh
     * accumulators. The final aggregation merges them as it merges any partial states. Returns null if the fused filter
     * keeps no row.
     */
    private VectorSchemaRoot passThrough(VectorSchemaRoot batch) {
        int baseCount = bind(batch);
        if (baseCount == 0) {
            return null;
        }
        for (int k = 0; k < baseCount; k++) {
            groupIds[base == null ? k : base[k]] = k;
        }
        List<Accumulator> accumulators = new ArrayList<>(specs.size());
        for (AggregateSpec spec : specs) {
            accumulators.add(AggregateSpec.create(spec.call(), node.step(), inputTypes).accumulator());
        }
        accumulate(accumulators, baseCount, baseCount);
        // The keys are copied vector to vector (the output key fields are the input's).
        List<FieldVector> sources = batch.getFieldVectors();
        int[] rows = base;
        return emit(k -> {
            FieldVector vector = schema.getFields().get(k).createVector(context.allocator());
            try {
                if (rows == null) {
                    VectorCopy.copyRange(sources.get(groupKeys[k]), 0, baseCount, vector, 0);
                } else {
                    VectorCopy.gather(sources.get(groupKeys[k]), rows, baseCount, vector, 0);
                }
                Vectors.setValueCount(vector, baseCount);
                return vector;
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
        }, accumulators, 0, baseCount);
    }

    private VectorSchemaRoot emit(int from, int count) {
        Column[] keys = new Column[groupKeys.length];
        for (int k = 0; k < groupKeys.length; k++) {
            keys[k] = table.keyColumn(k);
        }
        List<Accumulator> accumulators = new ArrayList<>(specs.size());
        for (AggregateSpec spec : specs) {
            accumulators.add(spec.accumulator());
        }
        return emit(k -> {
            FieldVector vector = schema.getFields().get(k).createVector(context.allocator());
            try {
                ColumnWriter.write(keys[k], from, count, vector);
                return vector;
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
        }, accumulators, from, count);
    }

    /**
     * An output batch of {@code count} groups: key vector {@code k} from {@code keyVector} (which passes ownership of
     * the vector it returns), then the states or results of groups {@code from..from+count-1} of the accumulators.
     */
    private VectorSchemaRoot emit(IntFunction<FieldVector> keyVector, List<Accumulator> accumulators, int from,
            int count) {
        List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
        try {
            int field = 0;
            for (int k = 0; k < groupKeys.length; k++) {
                vectors.add(keyVector.apply(k));
                field++;
            }
            for (int s = 0; s < specs.size(); s++) {
                AggregateSpec spec = specs.get(s);
                Accumulator accumulator = accumulators.get(s);
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
