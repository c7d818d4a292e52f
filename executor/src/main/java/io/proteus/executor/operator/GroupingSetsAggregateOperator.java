package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import io.proteus.executor.operator.aggregate.HashAggregateOperator;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.plan.GroupingSetsAggregateNode;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.Batches;
import io.proteus.executor.vector.Vectors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Runs a {@link GroupingSetsAggregateNode}: one partial hash aggregation of the input on all group keys, then each
 * grouping set, largest first, as an intermediate aggregation (merging states) of the smallest result computed so far
 * whose keys contain the set's. A ROLLUP(a, b, c) so aggregates the input once on (a, b, c), then (a, b) from that,
 * (a) from (a, b), and () from (a): each input row is hashed once, not once per set.
 *
 * <p>Each computed result is kept as the batches its aggregation returned until no set still to compute could be
 * derived from it more cheaply than from another kept result; then it is emitted, its vectors moved (not copied) into
 * the output layout: the keys (a NULL column for those outside the set), the set index, the states. A result feeds a
 * derived aggregation through views that share its buffers. Everything is allocated from this operator's allocator.
 */
public final class GroupingSetsAggregateOperator implements Operator {

    private final OperatorContext context;
    private final GroupingSetsAggregateNode node;
    private final Schema schema;
    private final int keyCount;
    private final List<AggregateCall> mergeCallsTemplate;
    private final Schema inputSchema;
    /** The results in the order they are computed: the input aggregated on all keys first, then the sets by size. */
    private final List<SetResult> results = new ArrayList<>();
    private final ArrayDeque<VectorSchemaRoot> ready = new ArrayDeque<>();
    private Operator source;
    private int computed;

    public GroupingSetsAggregateOperator(OperatorContext context, Operator input, GroupingSetsAggregateNode node) {
        this(context, input, node, null);
    }

    /**
     * Grouping sets over the input rows for which {@code filter} is TRUE (a filter fused into the first aggregation,
     * which then never copies rows), or over all rows when it is null.
     */
    public GroupingSetsAggregateOperator(OperatorContext context, Operator input, GroupingSetsAggregateNode node,
            Expression filter) {
        this.context = requireNonNull(context, "context");
        this.node = requireNonNull(node, "node");
        this.inputSchema = input.schema();
        this.keyCount = node.groupKeys().size();
        this.source = new HashAggregateOperator(context, input,
                new AggregateNode(node.input(), node.groupKeys(), node.aggregates(), AggregateStep.PARTIAL), filter);
        List<Field> sourceFields = source.schema().getFields();
        List<Field> fields = new ArrayList<>();
        List<DataType> sourceTypes = source.types();
        for (int i = 0; i < keyCount; i++) {
            fields.add(sourceTypes.get(i).withNullable(true).toField("c" + i));
        }
        fields.add(DataType.integer(false).toField("c" + keyCount));
        for (int i = keyCount; i < sourceFields.size(); i++) {
            fields.add(sourceTypes.get(i).toField("c" + (i + 1)));
        }
        this.schema = new Schema(fields);
        this.mergeCallsTemplate = node.aggregates();

        int[] all = new int[keyCount];
        Arrays.setAll(all, i -> i);
        int finest = -1;
        List<SetResult> sets = new ArrayList<>();
        for (int set = 0; set < node.groupingSets().size(); set++) {
            int[] positions = node.groupingSets().get(set).stream().distinct()
                    .mapToInt(column -> node.groupKeys().indexOf(column)).sorted().toArray();
            if (finest < 0 && positions.length == keyCount) {
                finest = set;
            } else {
                sets.add(new SetResult(positions, set));
            }
        }
        results.add(new SetResult(all, finest));
        sets.sort(Comparator.comparingInt((SetResult result) -> -result.positions.length));
        results.addAll(sets);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        while (ready.isEmpty()) {
            if (computed == results.size()) {
                return null;
            }
            computeNext();
        }
        return ready.poll();
    }

    /** Computes the next result, then emits the kept results that no set still to compute needs. */
    private void computeNext() {
        SetResult result = results.get(computed);
        if (computed == 0) {
            drain(source, result);
            source.close();
            source = null;
        } else {
            SetResult parent = cheapestSuperset(result, computed);
            int[] keys = new int[result.positions.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = Arrays.binarySearch(parent.positions, result.positions[i]);
            }
            AggregateNode merge = new AggregateNode(node.input(), Arrays.stream(keys).boxed().toList(),
                    mergeCalls(parent.positions.length), AggregateStep.INTERMEDIATE);
            // The aggregation's plan input is not read: it reads the parent's batches through the replay.
            try (Operator aggregation = new HashAggregateOperator(context, new Replay(parent), merge)) {
                drain(aggregation, result);
            }
        }
        if (result.positions.length == 0 && result.rows == 0) {
            // The empty grouping set has one group even over no rows (COUNT 0, SUM NULL): its empty states, which
            // merge into the other tasks' states as nothing.
            result.batches.add(emptyStates());
            result.rows = 1;
        }
        computed++;
        retireUnneeded();
    }

    /**
     * One row of the calls' states over no rows, made by the calls' own accumulators: a PARTIAL aggregation without
     * keys of one all-NULL input row that every call filters out (by an added all-NULL filter column).
     */
    private VectorSchemaRoot emptyStates() {
        List<Field> fields = new ArrayList<>(inputSchema.getFields());
        fields.add(DataType.bool(true).toField("no_rows"));
        List<FieldVector> vectors = new ArrayList<>(fields.size());
        VectorSchemaRoot row;
        try {
            for (Field field : fields) {
                FieldVector vector = field.createVector(context.allocator());
                vectors.add(vector);
                Vectors.allocate(vector, 1, 1);
                Vectors.setValueCount(vector, 1);
            }
            row = new VectorSchemaRoot(fields, vectors, 1);
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
        int filterColumn = fields.size() - 1;
        List<AggregateCall> calls = mergeCallsTemplate.stream()
                .map(call -> new AggregateCall(call.function(), call.arguments(), filterColumn, call.type())).toList();
        SingleBatch source = new SingleBatch(new Schema(fields), row);
        try (Operator aggregation = new HashAggregateOperator(context, source,
                new AggregateNode(node.input(), List.of(), calls, AggregateStep.PARTIAL))) {
            VectorSchemaRoot states = aggregation.next();
            if (states == null || states.getRowCount() != 1) {
                if (states != null) {
                    states.close();
                }
                throw new IllegalStateException("an aggregation without keys of one row gave no row");
            }
            return states;
        }
    }

    /** The kept result with the fewest rows whose keys contain all of {@code result}'s (later ones win ties). */
    private SetResult cheapestSuperset(SetResult result, int before) {
        SetResult best = null;
        for (int i = 0; i < before; i++) {
            SetResult candidate = results.get(i);
            if (!candidate.retired && candidate.contains(result) && (best == null || candidate.rows <= best.rows)) {
                best = candidate;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no computed grouping set contains " + Arrays.toString(result.positions));
        }
        return best;
    }

    /**
     * Emits every kept result that no set still to compute would be derived from: each such set has another kept
     * superset with at most as many rows. Retires one at a time so that a set to compute always keeps a superset.
     */
    private void retireUnneeded() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < computed; i++) {
                SetResult candidate = results.get(i);
                if (!candidate.retired && !neededLater(candidate)) {
                    retire(candidate);
                    changed = true;
                }
            }
        }
    }

    private boolean neededLater(SetResult candidate) {
        for (int later = computed; later < results.size(); later++) {
            SetResult set = results.get(later);
            if (!candidate.contains(set)) {
                continue;
            }
            boolean substitute = false;
            for (int i = 0; i < computed && !substitute; i++) {
                SetResult other = results.get(i);
                substitute = other != candidate && !other.retired && other.contains(set) && other.rows <= candidate.rows;
            }
            if (!substitute) {
                return true;
            }
        }
        return false;
    }

    /** Moves the result's batches into the output layout (or drops them if the set was not asked for). */
    private void retire(SetResult result) {
        result.retired = true;
        List<VectorSchemaRoot> batches = result.batches;
        result.batches = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            VectorSchemaRoot batch = batches.get(i);
            try {
                if (result.setIndex >= 0) {
                    ready.add(toOutput(batch, result));
                }
            } catch (RuntimeException e) {
                Batches.closeQuietly(batches.subList(i, batches.size()), e);
                throw e;
            }
            batch.close();
        }
    }

    private VectorSchemaRoot toOutput(VectorSchemaRoot batch, SetResult result) {
        int rows = batch.getRowCount();
        List<Field> fields = schema.getFields();
        List<FieldVector> vectors = new ArrayList<>(fields.size());
        try {
            for (int key = 0; key < keyCount; key++) {
                FieldVector target = fields.get(key).createVector(context.allocator());
                vectors.add(target);
                int at = Arrays.binarySearch(result.positions, key);
                if (at >= 0) {
                    move(batch.getVector(at), target, rows);
                } else {
                    // Rolled up: a NULL column (allocation zeroes the validity bits).
                    Vectors.allocate(target, rows, 0);
                    Vectors.setValueCount(target, rows);
                }
            }
            IntVector setIndex = (IntVector) fields.get(keyCount).createVector(context.allocator());
            vectors.add(setIndex);
            setIndex.allocateNew(Math.max(rows, 1));
            for (int row = 0; row < rows; row++) {
                setIndex.set(row, result.setIndex);
            }
            setIndex.setValueCount(rows);
            int states = batch.getFieldVectors().size() - result.positions.length;
            for (int state = 0; state < states; state++) {
                FieldVector target = fields.get(keyCount + 1 + state).createVector(context.allocator());
                vectors.add(target);
                move(batch.getVector(result.positions.length + state), target, rows);
            }
            return new VectorSchemaRoot(fields, vectors, rows);
        } catch (RuntimeException e) {
            Batches.closeQuietly(vectors, e);
            throw e;
        }
    }

    private static void move(FieldVector from, FieldVector to, int rows) {
        if (from.getClass() != to.getClass()) {
            throw new IllegalStateException("grouping set column " + from.getField() + " does not match " + to.getField());
        }
        from.makeTransferPair(to).transfer();
        Vectors.setValueCount(to, rows);
    }

    /** The INTERMEDIATE calls over a result laid out as {@code parentKeys} keys, then the states of every call. */
    private List<AggregateCall> mergeCalls(int parentKeys) {
        List<AggregateCall> calls = new ArrayList<>();
        int column = parentKeys;
        for (AggregateCall call : mergeCallsTemplate) {
            calls.add(new AggregateCall(call.function(), List.of(column), -1, call.type()));
            column += stateColumns(call);
        }
        return calls;
    }

    private static int stateColumns(AggregateCall call) {
        return switch (call.function()) {
            case COUNT_STAR, COUNT, SUM, MIN, MAX, ANY_VALUE -> 1;
            case AVG, SINGLE_VALUE -> 2;
            case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> 3;
        };
    }

    private static void drain(Operator aggregation, SetResult result) {
        result.schema = aggregation.schema();
        VectorSchemaRoot batch;
        while ((batch = aggregation.next()) != null) {
            if (batch.getRowCount() == 0) {
                batch.close();
                continue;
            }
            result.batches.add(batch);
            result.rows += batch.getRowCount();
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        List<AutoCloseable> held = new ArrayList<>(ready);
        ready.clear();
        for (SetResult result : results) {
            held.addAll(result.batches);
            result.batches = new ArrayList<>();
        }
        if (source != null) {
            held.add(source);
            source = null;
        }
        for (AutoCloseable resource : held) {
            try {
                resource.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        computed = results.size();
        if (failure != null) {
            throw failure;
        }
    }

    /** One grouping set's aggregation result: its key positions (into the group keys, ascending) and batches. */
    private static final class SetResult {
        final int[] positions;
        /** The index of the grouping set, or -1 for the aggregation on all keys when that is not a requested set. */
        final int setIndex;
        List<VectorSchemaRoot> batches = new ArrayList<>();
        Schema schema;
        long rows;
        boolean retired;

        SetResult(int[] positions, int setIndex) {
            this.positions = positions;
            this.setIndex = setIndex;
        }

        boolean contains(SetResult other) {
            for (int position : other.positions) {
                if (Arrays.binarySearch(positions, position) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Hands out one batch, then ends; closes the batch if it was not taken. */
    private static final class SingleBatch implements Operator {
        private final Schema schema;
        private VectorSchemaRoot batch;

        SingleBatch(Schema schema, VectorSchemaRoot batch) {
            this.schema = schema;
            this.batch = batch;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public VectorSchemaRoot next() {
            VectorSchemaRoot next = batch;
            batch = null;
            return next;
        }

        @Override
        public void close() {
            if (batch != null) {
                batch.close();
                batch = null;
            }
        }
    }

    /**
     * Hands a kept result's batches to a derived aggregation as views sharing their buffers (each view is the
     * caller's to close; closing it only drops its references).
     */
    private final class Replay implements Operator {
        private final SetResult result;
        private int next;

        Replay(SetResult result) {
            this.result = result;
        }

        @Override
        public Schema schema() {
            return result.schema;
        }

        @Override
        public VectorSchemaRoot next() {
            if (next >= result.batches.size()) {
                return null;
            }
            VectorSchemaRoot batch = result.batches.get(next++);
            int rows = batch.getRowCount();
            List<FieldVector> views = new ArrayList<>(batch.getFieldVectors().size());
            try {
                for (FieldVector vector : batch.getFieldVectors()) {
                    TransferPair pair = vector.getTransferPair(context.allocator());
                    pair.splitAndTransfer(0, rows);
                    views.add((FieldVector) pair.getTo());
                }
            } catch (RuntimeException e) {
                Batches.closeQuietly(views, e);
                throw e;
            }
            return new VectorSchemaRoot(batch.getSchema().getFields(), views, rows);
        }

        @Override
        public void close() {
            // The batches belong to the result, which stays kept until retired.
        }
    }
}
