package io.proteus.executor.operator.join;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.memory.MemoryAccount;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.NestedLoopJoinNode;
import io.proteus.executor.vector.RowStore;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Join without equality keys: the right input is buffered, and each left batch is paired with every buffered row in
 * chunks of at most {@link Operator#TARGET_BATCH_ROWS} pairs, kept where the condition (null: always) is TRUE. Supports
 * every join type; SEMI and ANTI stop pairing a left row once it matched.
 */
public final class NestedLoopJoinOperator implements Operator {

    private final OperatorContext context;
    private final Operator left;
    private final Operator right;
    private final JoinEmitter emitter;
    private final MemoryAccount memory;
    private final Deque<VectorSchemaRoot> pending = new ArrayDeque<>();
    private final boolean semiOrAnti;
    private RowStore store;
    private RowStore emptyLeftStore;
    private boolean[] rightMatched;
    private VectorSchemaRoot leftBatch;
    private int leftRows;
    private boolean[] leftMatched = new boolean[0];
    private int[] selection = new int[0];
    private int cursorLeft;
    private int cursorRight;
    private boolean leftDone;
    private int[] remainder;
    private int remainderCount;
    private int remainderPosition;
    private final int[] pairLeft = new int[TARGET_BATCH_ROWS];
    private final int[] pairRight = new int[TARGET_BATCH_ROWS];

    public NestedLoopJoinOperator(OperatorContext context, Operator left, Operator right, NestedLoopJoinNode node) {
        this.context = requireNonNull(context, "context");
        this.left = requireNonNull(left, "left");
        this.right = requireNonNull(right, "right");
        this.memory = new MemoryAccount(context.allocator());
        this.emitter = new JoinEmitter(node.joinType(), left.schema(), right.schema(), node.condition(), context.allocator());
        this.semiOrAnti = node.joinType() == JoinType.SEMI || node.joinType() == JoinType.ANTI;
    }

    @Override
    public Schema schema() {
        return emitter.schema();
    }

    @Override
    public VectorSchemaRoot next() {
        if (store == null) {
            bufferRight();
        }
        while (true) {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            if (!leftDone) {
                // A selective residual can keep this loop busy for a long time without returning a batch.
                context.task().checkCancelled();
                step();
                continue;
            }
            if (remainderPosition < remainderCount) {
                int count = Math.min(TARGET_BATCH_ROWS, remainderCount - remainderPosition);
                int[] rows = Arrays.copyOfRange(remainder, remainderPosition, remainderPosition + count);
                remainderPosition += count;
                return emitter.build(emptyLeft(), null, store.vectors(), rows, count);
            }
            return null;
        }
    }

    private List<FieldVector> emptyLeft() {
        if (emptyLeftStore == null) {
            emptyLeftStore = new RowStore(left.schema(), context.allocator());
        }
        return emptyLeftStore.vectors();
    }

    private void bufferRight() {
        store = new RowStore(right.schema(), context.allocator());
        VectorSchemaRoot batch;
        while ((batch = right.next()) != null) {
            try {
                store.append(batch);
            } finally {
                batch.close();
            }
        }
        rightMatched = new boolean[Math.max(store.rowCount(), 1)];
        memory.update(rightMatched.length);
    }

    private void step() {
        if (leftBatch == null) {
            VectorSchemaRoot batch = left.next();
            if (batch == null) {
                leftDone = true;
                int rows = store.rowCount();
                remainder = new int[Math.max(rows, 1)];
                remainderCount = emitter.emitsUnmatchedRight() ? JoinEmitter.select(rightMatched, rows, false, remainder) : 0;
                return;
            }
            if (batch.getRowCount() == 0) {
                batch.close();
                return;
            }
            leftBatch = batch;
            leftRows = batch.getRowCount();
            if (leftMatched.length < leftRows) {
                leftMatched = new boolean[leftRows];
                selection = new int[leftRows];
            }
            Arrays.fill(leftMatched, 0, leftRows, false);
            cursorLeft = 0;
            cursorRight = 0;
        }
        int rightRows = store.rowCount();
        int count = 0;
        int max = pairLeft.length;
        while (cursorLeft < leftRows && count < max && rightRows > 0) {
            if (semiOrAnti && leftMatched[cursorLeft]) {
                cursorLeft++;
                cursorRight = 0;
                continue;
            }
            int take = Math.min(rightRows - cursorRight, max - count);
            for (int t = 0; t < take; t++) {
                pairLeft[count] = cursorLeft;
                pairRight[count] = cursorRight + t;
                count++;
            }
            cursorRight += take;
            if (cursorRight == rightRows) {
                cursorLeft++;
                cursorRight = 0;
            }
        }
        List<FieldVector> leftVectors = leftBatch.getFieldVectors();
        if (count > 0) {
            int kept = emitter.applyResidual(leftVectors, pairLeft, store.vectors(), pairRight, count);
            for (int k = 0; k < kept; k++) {
                leftMatched[pairLeft[k]] = true;
                rightMatched[pairRight[k]] = true;
            }
            if (emitter.emitsPairs() && kept > 0) {
                pending.add(emitter.build(leftVectors, pairLeft, store.vectors(), pairRight, kept));
            }
        }
        if (cursorLeft >= leftRows || rightRows == 0) {
            try {
                boolean semi = emitter.joinType() == JoinType.SEMI;
                if (semi || emitter.emitsUnmatchedLeft()) {
                    int selected = JoinEmitter.select(leftMatched, leftRows, semi, selection);
                    if (selected > 0) {
                        pending.add(emitter.build(leftVectors, selection, store.vectors(), null, selected));
                    }
                }
            } finally {
                leftBatch.close();
                leftBatch = null;
            }
        }
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
                if (leftBatch != null) {
                    leftBatch.close();
                    leftBatch = null;
                }
                if (store != null) {
                    store.close();
                }
                if (emptyLeftStore != null) {
                    emptyLeftStore.close();
                }
                memory.close();
            }
        }
    }
}
