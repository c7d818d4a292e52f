package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.TaskCancelledException;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.SharedBuilds;
import io.proteus.executor.task.SplitReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the operators of one task share: its name, its input splits, the exchange reader, the cancellation flag and the
 * input statistics leaves record. Single-threaded, like the task.
 */
public final class TaskContext {

    private final String taskName;
    private final String queryId;
    private final int stageId;
    private final String workerId;
    private final Map<Integer, List<InputSplit>> inputs;
    private final SplitReader exchangeReader;
    private final BooleanSupplier cancelled;
    private long inputRows;
    private long inputBytes;
    private long bytesFetchedRemotely;
    private long bytesSharedLocally;

    public TaskContext(String taskName, String workerId, Map<Integer, List<InputSplit>> inputs, SplitReader exchangeReader,
            BooleanSupplier cancelled) {
        this(taskName, taskName, 0, workerId, inputs, exchangeReader, cancelled);
    }

    /** The context of a task of stage {@code stageId} of query {@code queryId}. */
    public TaskContext(String taskName, String queryId, int stageId, String workerId, Map<Integer, List<InputSplit>> inputs,
            SplitReader exchangeReader, BooleanSupplier cancelled) {
        this.taskName = requireNonNull(taskName, "taskName");
        this.queryId = requireNonNull(queryId, "queryId");
        this.stageId = stageId;
        this.workerId = requireNonNull(workerId, "workerId");
        this.inputs = Map.copyOf(requireNonNull(inputs, "inputs"));
        this.exchangeReader = exchangeReader;
        this.cancelled = requireNonNull(cancelled, "cancelled");
    }

    public String taskName() {
        return taskName;
    }

    public String workerId() {
        return workerId;
    }

    /** The query the task belongs to. */
    public String queryId() {
        return queryId;
    }

    /** The stage of the query the task belongs to. */
    public int stageId() {
        return stageId;
    }

    /** The worker's registry of builds shared by its tasks, if it shares them. */
    public Optional<SharedBuilds> sharedBuilds() {
        return exchangeReader == null ? Optional.empty() : exchangeReader.sharedBuilds();
    }

    /** The splits of leaf {@code sourceId}, in the order they must be read (empty if none). */
    public List<InputSplit> splits(int sourceId) {
        return inputs.getOrDefault(sourceId, List.of());
    }

    public SplitReader exchangeReader() {
        if (exchangeReader == null) {
            throw new IllegalStateException("task " + taskName + " has exchange inputs but no exchange reader");
        }
        return exchangeReader;
    }

    /** Throws {@link TaskCancelledException} if the task was cancelled. */
    public void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new TaskCancelledException(taskName);
        }
    }

    /** Records a batch read by a leaf. */
    public void recordInput(long rows, long bytes) {
        inputRows += rows;
        inputBytes += bytes;
    }

    /** Records exchange bytes, fetched from another worker or shared by this worker's buffer store. */
    public void recordExchange(long bytes, boolean local) {
        if (local) {
            bytesSharedLocally += bytes;
        } else {
            bytesFetchedRemotely += bytes;
        }
    }

    public long inputRows() {
        return inputRows;
    }

    public long inputBytes() {
        return inputBytes;
    }

    public long bytesFetchedRemotely() {
        return bytesFetchedRemotely;
    }

    public long bytesSharedLocally() {
        return bytesSharedLocally;
    }
}
