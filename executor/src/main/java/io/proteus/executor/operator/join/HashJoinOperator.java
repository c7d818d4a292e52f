package io.proteus.executor.operator.join;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.operator.hash.GroupHashTable;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.task.SharedBuilds;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.RowStore;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Equi-join through a hash table on the build side (either input). The build input is materialised and indexed as a
 * {@link JoinBuild} (its own, or one the worker's tasks share when the build input is a broadcast). Probe batches are hashed and looked up column-wise, candidate pairs are generated in chunks of at most
 * {@link Operator#TARGET_BATCH_ROWS}, filtered by the residual condition, and gathered into output batches. Matched flags
 * on both sides drive the outer, SEMI and ANTI outputs: unmatched probe rows after each probe batch, unmatched (or, for
 * SEMI on the build side, matched) build rows at the end. NULL keys never match.
 */
public final class HashJoinOperator implements Operator {

    private enum Phase { BUILD, PROBE, BUILD_REMAINDER, DONE }

    private final OperatorContext context;
    private final Operator left;
    private final Operator right;
    private final boolean buildIsLeft;
    private final Operator buildInput;
    private final Operator probeInput;
    private final JoinEmitter emitter;
    private final JoinKeys buildKeys;
    private final JoinKeys probeKeys;
    private final MemoryAccount memory;
    private final Deque<VectorSchemaRoot> pending = new ArrayDeque<>();
    private final EvaluationContext probeEvaluation = new EvaluationContext();
    private final boolean probeSideUnmatched;
    private final boolean probeSideSemi;
    private final boolean buildSideUnmatched;
    private final boolean buildSideSemi;
    private final boolean probeSideSemiOrAnti;
    /** The key of the worker's shared build of this join, or null when this operator builds its own table. */
    private final String sharedBuildKey;
    private final GroupHashTable.Scratch probeScratch = new GroupHashTable.Scratch();
    private Phase phase = Phase.BUILD;
    /** The build: owned by this operator when private, borrowed through {@link #sharedLease} when shared. */
    private JoinBuild build;
    private SharedBuilds.Lease<JoinBuild> sharedLease;
    private RowStore emptyProbe;
    private int[] groupStart;
    private int[] groupRows;
    private int[] uniqueRows;
    private boolean[] buildMatched;
    private VectorSchemaRoot probeBatch;
    private int probeRows;
    private int[] probeGroups = new int[0];
    private boolean[] probeMatched = new boolean[0];
    private long[] probeHashes = new long[0];
    private int[] probeSelection = new int[0];
    private int cursorRow;
    private int cursorPosition;
    private final int[] pairProbe = new int[TARGET_BATCH_ROWS];
    private final int[] pairBuild = new int[TARGET_BATCH_ROWS];
    private int[] remainder;
    private int remainderCount;
    private int remainderPosition;

    public HashJoinOperator(OperatorContext context, Operator left, Operator right, HashJoinNode node) {
        this(context, left, right, node, null);
    }

    /**
     * A join that outputs only the joined row's columns {@code outputColumns} (increasing numbers into its full output,
     * left ++ right), or all when null: a projection above it reads only those, and the others are never gathered.
     */
    public HashJoinOperator(OperatorContext context, Operator left, Operator right, HashJoinNode node, int[] outputColumns) {
        this(context, left, right, node, outputColumns, null);
    }

    /**
     * A join that, when {@code sharedBuildKey} is not null (the build input is the same broadcast in every task of the
     * stage), takes its hash table from the worker's {@link SharedBuilds} under that key, building it there only if
     * no other task of the worker did.
     */
    public HashJoinOperator(OperatorContext context, Operator left, Operator right, HashJoinNode node, int[] outputColumns,
            String sharedBuildKey) {
        this.context = requireNonNull(context, "context");
        this.left = requireNonNull(left, "left");
        this.right = requireNonNull(right, "right");
        this.buildIsLeft = node.buildSide() == JoinSide.LEFT;
        this.buildInput = buildIsLeft ? left : right;
        this.probeInput = buildIsLeft ? right : left;
        this.memory = new MemoryAccount(context.allocator());
        this.emitter = new JoinEmitter(node.joinType(), left.schema(), right.schema(), node.residualCondition(),
                outputColumns, context.allocator());
        List<DataType> common = JoinKeys.commonTypes(left.types(), node.leftKeys(), right.types(), node.rightKeys());
        JoinKeys leftKeys = JoinKeys.of(node.leftKeys(), left.types(), common);
        JoinKeys rightKeys = JoinKeys.of(node.rightKeys(), right.types(), common);
        this.buildKeys = buildIsLeft ? leftKeys : rightKeys;
        this.probeKeys = buildIsLeft ? rightKeys : leftKeys;
        JoinType type = node.joinType();
        boolean leftUnmatched = type == JoinType.LEFT || type == JoinType.FULL || type == JoinType.ANTI;
        boolean rightUnmatched = type == JoinType.RIGHT || type == JoinType.FULL;
        boolean semi = type == JoinType.SEMI;
        this.probeSideUnmatched = buildIsLeft ? rightUnmatched : leftUnmatched;
        this.buildSideUnmatched = buildIsLeft ? leftUnmatched : rightUnmatched;
        this.probeSideSemi = semi && !buildIsLeft;
        this.buildSideSemi = semi && buildIsLeft;
        this.probeSideSemiOrAnti = (semi || type == JoinType.ANTI) && !buildIsLeft;
        // A build whose own rows are emitted needs matched flags of its own, so it is not shared.
        this.sharedBuildKey = buildSideUnmatched || buildSideSemi ? null : sharedBuildKey;
    }

    @Override
    public Schema schema() {
        return emitter.schema();
    }

    @Override
    public VectorSchemaRoot next() {
        while (true) {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            switch (phase) {
                case BUILD -> {
                    build();
                    phase = Phase.PROBE;
                }
                case PROBE -> {
                    if (!probeStep()) {
                        startBuildRemainder();
                        phase = Phase.BUILD_REMAINDER;
                    }
                }
                case BUILD_REMAINDER -> {
                    if (!emitBuildRemainder()) {
                        phase = Phase.DONE;
                    }
                }
                case DONE -> {
                    return null;
                }
            }
        }
    }

    private void build() {
        SharedBuilds shared = sharedBuildKey == null ? null : context.task().sharedBuilds().orElse(null);
        if (shared != null) {
            // Ownership: the registry owns the shared build; this operator only holds a lease until it closes.
            // Tasks that find it built never read their build input (the broadcast is fetched once per worker).
            sharedLease = shared.acquire(context.task().queryId(), sharedBuildKey,
                    allocator -> JoinBuild.build(buildInput, buildKeys, allocator, true));
            build = sharedLease.value();
        } else {
            build = JoinBuild.build(buildInput, buildKeys, context.allocator(), false);
            memory.update(build.heapBytes());
        }
        groupStart = build.groupStart();
        groupRows = build.groupRows();
        uniqueRows = build.uniqueRows();
        if (buildSideUnmatched || buildSideSemi) {
            buildMatched = new boolean[Math.max(build.rowCount(), 1)];
            memory.update(build.heapBytes() + buildMatched.length);
        }
    }

    /** Processes one chunk of the current probe batch (fetching one if needed); false when the probe input is done. */
    private boolean probeStep() {
        if (probeBatch == null) {
            VectorSchemaRoot batch = probeInput.next();
            if (batch == null) {
                return false;
            }
            if (batch.getRowCount() == 0) {
                batch.close();
                return true;
            }
            startProbe(batch);
        }
        List<FieldVector> probeVectors = probeBatch.getFieldVectors();
        List<FieldVector> buildVectors = build.vectors();
        boolean pairsNeeded = emitter.emitsPairs() || emitter.hasResidual() || buildMatched != null;
        if (pairsNeeded) {
            int count = fillPairs();
            if (count > 0) {
                int kept = buildIsLeft
                        ? emitter.applyResidual(buildVectors, pairBuild, probeVectors, pairProbe, count)
                        : emitter.applyResidual(probeVectors, pairProbe, buildVectors, pairBuild, count);
                for (int k = 0; k < kept; k++) {
                    probeMatched[pairProbe[k]] = true;
                }
                if (buildMatched != null) {
                    for (int k = 0; k < kept; k++) {
                        buildMatched[pairBuild[k]] = true;
                    }
                }
                if (emitter.emitsPairs() && kept > 0) {
                    pending.add(buildIsLeft
                            ? emitter.build(buildVectors, pairBuild, probeVectors, pairProbe, kept)
                            : emitter.build(probeVectors, pairProbe, buildVectors, pairBuild, kept));
                }
            }
        } else {
            for (int row = 0; row < probeRows; row++) {
                probeMatched[row] = probeGroups[row] >= 0;
            }
            cursorRow = probeRows;
        }
        if (cursorRow >= probeRows) {
            finishProbeBatch(probeVectors);
        }
        return true;
    }

    private void startProbe(VectorSchemaRoot batch) {
        probeBatch = batch;
        probeRows = batch.getRowCount();
        if (probeGroups.length < probeRows) {
            int size = Math.max(probeRows, 1024);
            probeGroups = new int[size];
            probeMatched = new boolean[size];
            probeHashes = new long[size];
            probeSelection = new int[size];
        }
        Arrays.fill(probeMatched, 0, probeRows, false);
        Arrays.fill(probeGroups, 0, probeRows, -1);
        probeEvaluation.bind(batch);
        Column[] keys = probeKeys.evaluate(probeEvaluation);
        int count = JoinKeys.nonNullRows(keys, probeRows, probeSelection);
        build.find(keys, probeHashes, probeSelection, count, probeRows, probeGroups, probeScratch);
        cursorRow = 0;
        cursorPosition = 0;
    }

    /** Generates up to a batch of candidate pairs from the cursor on. */
    private int fillPairs() {
        int count = 0;
        int max = pairProbe.length;
        if (uniqueRows != null) {
            // At most one pair per probe row: branch-free, batches of up to max probe rows.
            int end = Math.min(probeRows, cursorRow + max);
            int[] unique = uniqueRows;
            for (int row = cursorRow; row < end; row++) {
                int group = probeGroups[row];
                boolean skip = group < 0 || (probeSideSemiOrAnti && probeMatched[row]);
                pairProbe[count] = row;
                pairBuild[count] = unique[group < 0 ? 0 : group];
                count += skip ? 0 : 1;
            }
            cursorRow = end;
            return count;
        }
        while (cursorRow < probeRows && count < max) {
            int group = probeGroups[cursorRow];
            if (group < 0 || (probeSideSemiOrAnti && probeMatched[cursorRow])) {
                cursorRow++;
                cursorPosition = 0;
                continue;
            }
            int start = groupStart[group] + cursorPosition;
            int end = groupStart[group + 1];
            int take = Math.min(end - start, max - count);
            for (int t = 0; t < take; t++) {
                pairProbe[count] = cursorRow;
                pairBuild[count] = groupRows[start + t];
                count++;
            }
            if (start + take == end) {
                cursorRow++;
                cursorPosition = 0;
            } else {
                cursorPosition += take;
            }
        }
        return count;
    }

    private void finishProbeBatch(List<FieldVector> probeVectors) {
        try {
            if (probeSideUnmatched || probeSideSemi) {
                int count = JoinEmitter.select(probeMatched, probeRows, probeSideSemi, probeSelection);
                if (count > 0) {
                    List<FieldVector> buildVectors = emptyBuildSide();
                    pending.add(buildIsLeft
                            ? emitter.build(buildVectors, null, probeVectors, probeSelection, count)
                            : emitter.build(probeVectors, probeSelection, buildVectors, null, count));
                }
            }
        } finally {
            probeBatch.close();
            probeBatch = null;
        }
    }

    private List<FieldVector> emptyBuildSide() {
        return build.vectors();
    }

    private void startBuildRemainder() {
        if (buildMatched == null || !(buildSideUnmatched || buildSideSemi)) {
            remainderCount = 0;
            return;
        }
        int rows = build.rowCount();
        remainder = new int[Math.max(rows, 1)];
        remainderCount = JoinEmitter.select(buildMatched, rows, buildSideSemi, remainder);
        remainderPosition = 0;
        emptyProbe = new RowStore(probeInput.schema(), context.allocator());
    }

    private boolean emitBuildRemainder() {
        if (remainderPosition >= remainderCount) {
            return false;
        }
        int count = Math.min(TARGET_BATCH_ROWS, remainderCount - remainderPosition);
        int[] rows = Arrays.copyOfRange(remainder, remainderPosition, remainderPosition + count);
        remainderPosition += count;
        pending.add(buildIsLeft
                ? emitter.build(build.vectors(), rows, emptyProbe.vectors(), null, count)
                : emitter.build(emptyProbe.vectors(), null, build.vectors(), rows, count));
        return true;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : new AutoCloseable[] {left, right}) {
            try {
                resource.close();
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("cannot close join input", e) : failure;
            }
        }
        while (!pending.isEmpty()) {
            pending.poll().close();
        }
        if (probeBatch != null) {
            probeBatch.close();
            probeBatch = null;
        }
        if (sharedLease != null) {
            sharedLease.close();
            sharedLease = null;
        } else if (build != null) {
            build.close();
        }
        build = null;
        if (emptyProbe != null) {
            emptyProbe.close();
        }
        memory.close();
        phase = Phase.DONE;
        if (failure != null) {
            throw failure;
        }
    }
}
