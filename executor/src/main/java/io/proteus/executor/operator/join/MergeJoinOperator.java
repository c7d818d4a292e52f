package io.proteus.executor.operator.join;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.column.Column;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.operator.sort.Sorting;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.MergeJoinNode;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.type.DataType;
import io.proteus.executor.vector.RowStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sort-merge equi-join: both inputs are materialised, their row indexes sorted on the keys (ascending, NULLs last), and
 * the two orders merged; each run of equal keys yields the cross product of its rows in chunks, filtered by the residual
 * condition. Rows with a NULL key never match. Unmatched rows (outer joins, ANTI) or matched left rows (SEMI) follow
 * the merged pairs.
 */
public final class MergeJoinOperator implements Operator {

    private final OperatorContext context;
    private final Operator left;
    private final Operator right;
    private final JoinEmitter emitter;
    private final JoinKeys leftKeys;
    private final JoinKeys rightKeys;
    private final MemoryAccount memory;
    private final Deque<VectorSchemaRoot> pending = new ArrayDeque<>();
    private RowStore leftStore;
    private RowStore rightStore;
    private Column[] leftKeyColumns;
    private Column[] rightKeyColumns;
    private int[] leftOrder;
    private int[] rightOrder;
    private boolean[] leftMatched;
    private boolean[] rightMatched;
    private int leftPosition;
    private int rightPosition;
    private boolean inRun;
    private int runLeftEnd;
    private int runRightStart;
    private int runRightEnd;
    private int runLeft;
    private int runRight;
    private boolean merged;
    private int[] remainderRows;
    private int remainderCount;
    private int remainderPosition;
    private boolean remainderIsLeft;
    private boolean rightRemainderDone;
    private final int[] pairLeft = new int[TARGET_BATCH_ROWS];
    private final int[] pairRight = new int[TARGET_BATCH_ROWS];

    public MergeJoinOperator(OperatorContext context, Operator left, Operator right, MergeJoinNode node) {
        this.context = requireNonNull(context, "context");
        this.left = requireNonNull(left, "left");
        this.right = requireNonNull(right, "right");
        this.memory = new MemoryAccount(context.allocator());
        this.emitter = new JoinEmitter(node.joinType(), left.schema(), right.schema(), node.residualCondition(),
                context.allocator());
        List<DataType> common = JoinKeys.commonTypes(left.types(), node.leftKeys(), right.types(), node.rightKeys());
        this.leftKeys = JoinKeys.of(node.leftKeys(), left.types(), common);
        this.rightKeys = JoinKeys.of(node.rightKeys(), right.types(), common);
    }

    @Override
    public Schema schema() {
        return emitter.schema();
    }

    @Override
    public VectorSchemaRoot next() {
        if (leftStore == null) {
            prepare();
        }
        while (true) {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            if (!merged) {
                int count = fillPairs();
                if (count == 0) {
                    merged = true;
                    startLeftRemainder();
                    continue;
                }
                int kept = emitter.applyResidual(leftStore.vectors(), pairLeft, rightStore.vectors(), pairRight, count);
                for (int k = 0; k < kept; k++) {
                    leftMatched[pairLeft[k]] = true;
                    rightMatched[pairRight[k]] = true;
                }
                if (emitter.emitsPairs() && kept > 0) {
                    pending.add(emitter.build(leftStore.vectors(), pairLeft, rightStore.vectors(), pairRight, kept));
                }
                continue;
            }
            if (remainderPosition < remainderCount) {
                int count = Math.min(TARGET_BATCH_ROWS, remainderCount - remainderPosition);
                int[] rows = Arrays.copyOfRange(remainderRows, remainderPosition, remainderPosition + count);
                remainderPosition += count;
                return remainderIsLeft
                        ? emitter.build(leftStore.vectors(), rows, rightStore.vectors(), null, count)
                        : emitter.build(leftStore.vectors(), null, rightStore.vectors(), rows, count);
            }
            if (remainderIsLeft && !rightRemainderDone) {
                rightRemainderDone = true;
                startRightRemainder();
                continue;
            }
            return null;
        }
    }

    private void prepare() {
        leftStore = materialise(left);
        rightStore = materialise(right);
        leftKeyColumns = evaluateKeys(leftStore, leftKeys);
        rightKeyColumns = evaluateKeys(rightStore, rightKeys);
        List<SortKey> order = new ArrayList<>();
        for (int i = 0; i < leftKeyColumns.length; i++) {
            order.add(SortKey.ascending(i));
        }
        leftOrder = Sorting.sortedRows(List.of(leftKeyColumns), order, leftStore.rowCount());
        rightOrder = Sorting.sortedRows(List.of(rightKeyColumns), order, rightStore.rowCount());
        leftMatched = new boolean[Math.max(leftStore.rowCount(), 1)];
        rightMatched = new boolean[Math.max(rightStore.rowCount(), 1)];
        long bytes = (leftStore.rowCount() + rightStore.rowCount()) * 5L;
        for (Column column : leftKeyColumns) {
            bytes += column.retainedBytes();
        }
        for (Column column : rightKeyColumns) {
            bytes += column.retainedBytes();
        }
        memory.update(bytes);
    }

    private RowStore materialise(Operator input) {
        RowStore store = new RowStore(input.schema(), context.allocator());
        try {
            VectorSchemaRoot batch;
            while ((batch = input.next()) != null) {
                try {
                    store.append(batch);
                } finally {
                    batch.close();
                }
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static Column[] evaluateKeys(RowStore store, JoinKeys keys) {
        EvaluationContext evaluation = new EvaluationContext();
        evaluation.bind(store.vectors(), store.rowCount());
        return keys.evaluate(evaluation);
    }

    private static boolean hasNull(Column[] keys, int row) {
        for (Column key : keys) {
            if (key.isNull(row)) {
                return true;
            }
        }
        return false;
    }

    private int compareAcross(int leftRow, int rightRow) {
        for (int k = 0; k < leftKeyColumns.length; k++) {
            int comparison = leftKeyColumns[k].compareValues(leftRow, rightKeyColumns[k], rightRow);
            if (comparison != 0) {
                return comparison;
            }
        }
        return 0;
    }

    private static boolean sameKey(Column[] keys, int first, int second) {
        for (Column key : keys) {
            if (key.isNull(second) || key.compareValues(first, key, second) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Generates up to a batch of matching-key pairs; 0 when the merge is complete. */
    private int fillPairs() {
        int count = 0;
        int max = pairLeft.length;
        int leftRows = leftStore.rowCount();
        int rightRows = rightStore.rowCount();
        while (count < max) {
            if (inRun) {
                int leftRow = leftOrder[runLeft];
                while (runRight < runRightEnd && count < max) {
                    pairLeft[count] = leftRow;
                    pairRight[count] = rightOrder[runRight];
                    count++;
                    runRight++;
                }
                if (runRight == runRightEnd) {
                    runLeft++;
                    runRight = runRightStart;
                    if (runLeft == runLeftEnd) {
                        inRun = false;
                    }
                }
                continue;
            }
            while (leftPosition < leftRows && hasNull(leftKeyColumns, leftOrder[leftPosition])) {
                leftPosition++;
            }
            while (rightPosition < rightRows && hasNull(rightKeyColumns, rightOrder[rightPosition])) {
                rightPosition++;
            }
            if (leftPosition >= leftRows || rightPosition >= rightRows) {
                break;
            }
            int comparison = compareAcross(leftOrder[leftPosition], rightOrder[rightPosition]);
            if (comparison < 0) {
                leftPosition++;
            } else if (comparison > 0) {
                rightPosition++;
            } else {
                int leftEnd = leftPosition + 1;
                while (leftEnd < leftRows && sameKey(leftKeyColumns, leftOrder[leftPosition], leftOrder[leftEnd])) {
                    leftEnd++;
                }
                int rightEnd = rightPosition + 1;
                while (rightEnd < rightRows && sameKey(rightKeyColumns, rightOrder[rightPosition], rightOrder[rightEnd])) {
                    rightEnd++;
                }
                inRun = true;
                runLeft = leftPosition;
                runLeftEnd = leftEnd;
                runRightStart = rightPosition;
                runRight = rightPosition;
                runRightEnd = rightEnd;
                leftPosition = leftEnd;
                rightPosition = rightEnd;
            }
        }
        return count;
    }

    private void startLeftRemainder() {
        remainderIsLeft = true;
        remainderPosition = 0;
        JoinType type = emitter.joinType();
        int rows = leftStore.rowCount();
        remainderRows = new int[Math.max(rows, 1)];
        if (type == JoinType.SEMI) {
            remainderCount = JoinEmitter.select(leftMatched, rows, true, remainderRows);
        } else if (emitter.emitsUnmatchedLeft()) {
            remainderCount = JoinEmitter.select(leftMatched, rows, false, remainderRows);
        } else {
            remainderCount = 0;
        }
    }

    private void startRightRemainder() {
        remainderIsLeft = false;
        remainderPosition = 0;
        int rows = rightStore.rowCount();
        remainderRows = new int[Math.max(rows, 1)];
        remainderCount = emitter.emitsUnmatchedRight() ? JoinEmitter.select(rightMatched, rows, false, remainderRows) : 0;
    }

    @Override
    public void close() {
        try {
            left.close();
        } finally {
            try {
                right.close();
            } finally {
                while (!pending.isEmpty()) {
                    pending.poll().close();
                }
                if (leftStore != null) {
                    leftStore.close();
                }
                if (rightStore != null) {
                    rightStore.close();
                }
                memory.close();
            }
        }
    }
}
