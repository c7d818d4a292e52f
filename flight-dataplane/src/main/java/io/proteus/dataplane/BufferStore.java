package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.OutputSink;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.task.TaskDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Keeps the output partitions of the tasks a worker ran (schema plus a list of {@link ArrowRecordBatch}es per
 * {@link BufferId}) until their query releases them. One per worker; thread-safe.
 *
 * <p>Memory: each query's output lives in a child allocator of the worker allocator named
 * {@code query-<id>-buffers}, which tasks allocate their output vectors from ({@link OutputSink#allocator()}). The
 * store owns every batch it accepted and closes it when the task's output is replaced or released, the query is
 * released or the store closes. Readers ({@link #acquire(BufferId)}) and running tasks' sinks keep the query's
 * allocator open: releasing a query frees its batches at once but closes its allocator only when the last of them is
 * done.
 *
 * <p>Re-runs: {@link #sinkFor(TaskDescriptor)} for a task that already has output (an earlier attempt) drops that
 * output; a sink of a superseded attempt rejects further batches.
 */
public final class BufferStore implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(BufferStore.class.getName());

    private final String workerId;
    private final BufferAllocator workerAllocator;
    private final Object lock = new Object();
    private final Map<String, QueryBuffers> queries = new HashMap<>();
    /** Released queries whose allocator is still used by a reader or a running task's sink. */
    private final Set<QueryBuffers> releasing = new HashSet<>();
    private final List<String> closeFailures = new ArrayList<>();
    private long nextGeneration;
    private boolean closed;

    /** Creates the store of worker {@code workerId}; query allocators are children of {@code workerAllocator}. */
    public BufferStore(String workerId, BufferAllocator workerAllocator) {
        this.workerId = requireNonNull(workerId, "workerId");
        this.workerAllocator = requireNonNull(workerAllocator, "workerAllocator");
    }

    /**
     * Returns the sink a task (attempt) writes its output into. Any output an earlier attempt of the same task left
     * is dropped now, and sinks of earlier attempts stop accepting batches. The caller closes the sink when the task
     * is over (the sink keeps the query's allocator open until then).
     */
    public TaskOutputSink sinkFor(TaskDescriptor task) {
        requireNonNull(task, "task");
        synchronized (lock) {
            ensureOpen();
            QueryBuffers query = queries.computeIfAbsent(task.queryId(), this::newQuery);
            TaskKey key = new TaskKey(task.stageId(), task.taskIndex());
            removeTaskOutput(query, key);
            long generation = ++nextGeneration;
            query.taskGenerations.put(key, generation);
            query.users++;
            return new TaskOutputSink(this, query, task, generation);
        }
    }

    /**
     * Takes a consistent view of a buffer's batches for reading, or empty if the store does not hold it. The snapshot
     * holds its own reference on every batch, so the data stays valid even if the query is released meanwhile; the
     * caller must close it.
     */
    public Optional<BufferSnapshot> acquire(BufferId bufferId) {
        requireNonNull(bufferId, "bufferId");
        synchronized (lock) {
            if (closed) {
                return Optional.empty();
            }
            QueryBuffers query = queries.get(bufferId.queryId());
            Partition partition = query == null ? null : query.partitions.get(bufferId);
            if (partition == null) {
                return Optional.empty();
            }
            List<ArrowRecordBatch> retained = new ArrayList<>(partition.batches.size());
            for (ArrowRecordBatch batch : partition.batches) {
                retained.add(retain(batch));
            }
            query.users++;
            return Optional.of(new BufferSnapshot(this, query, bufferId, partition.schema, retained, partition.rows,
                    partition.bytes));
        }
    }

    /** Whether the store holds the given buffer. */
    public boolean contains(BufferId bufferId) {
        synchronized (lock) {
            QueryBuffers query = queries.get(bufferId.queryId());
            return query != null && query.partitions.containsKey(bufferId);
        }
    }

    /**
     * Drops the output of one task (all its partitions, whichever attempt wrote them); a still-running attempt's sink
     * stops accepting batches. Returns whether there was output to drop.
     */
    public boolean releaseTask(String queryId, int stageId, int taskIndex) {
        synchronized (lock) {
            QueryBuffers query = queries.get(queryId);
            if (query == null) {
                return false;
            }
            TaskKey key = new TaskKey(stageId, taskIndex);
            query.taskGenerations.remove(key);
            return removeTaskOutput(query, key);
        }
    }

    /**
     * Frees all output of a query: closes its batches now and its allocator as soon as no reader or running task uses
     * it. Returns whether the store held anything of the query.
     */
    public boolean releaseQuery(String queryId) {
        synchronized (lock) {
            QueryBuffers query = queries.remove(queryId);
            if (query == null) {
                return false;
            }
            query.released = true;
            closeBatches(query);
            if (query.users == 0) {
                closeAllocator(query);
            } else {
                releasing.add(query);
            }
            return true;
        }
    }

    /** The bytes of Arrow buffers of all batches the store holds. */
    public long bytesHeld() {
        synchronized (lock) {
            return queries.values().stream().mapToLong(QueryBuffers::bytes).sum();
        }
    }

    /** The bytes of Arrow buffers of all batches the store holds for one query. */
    public long bytesHeld(String queryId) {
        synchronized (lock) {
            QueryBuffers query = queries.get(queryId);
            return query == null ? 0 : query.bytes();
        }
    }

    /** The number of buffers (output partitions) held. */
    public int bufferCount() {
        synchronized (lock) {
            return queries.values().stream().mapToInt(query -> query.partitions.size()).sum();
        }
    }

    /** The ids of the queries the store holds output of. */
    public Set<String> queryIds() {
        synchronized (lock) {
            return new TreeSet<>(queries.keySet());
        }
    }

    /**
     * Releases everything, also queries still in use. Throws {@link IllegalStateException} describing every query
     * allocator that could not be closed cleanly (leaked memory), here or earlier.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            List<QueryBuffers> all = new ArrayList<>(queries.values());
            all.addAll(releasing);
            queries.clear();
            releasing.clear();
            for (QueryBuffers query : all) {
                query.released = true;
                closeBatches(query);
                if (query.users > 0) {
                    closeFailures.add("query " + query.queryId + " still had " + query.users
                            + " readers or running tasks when the buffer store of worker " + workerId + " closed");
                }
                closeAllocator(query);
            }
            if (!closeFailures.isEmpty()) {
                throw new IllegalStateException(
                        "buffer store of worker " + workerId + " leaked: " + String.join("; ", closeFailures));
            }
        }
    }

    // ---- called by TaskOutputSink and BufferSnapshot ----

    void open(TaskOutputSink sink, Schema schema, int partitionCount) {
        requireNonNull(schema, "schema");
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be positive, got " + partitionCount);
        }
        synchronized (lock) {
            checkCurrent(sink);
            if (sink.opened) {
                throw new IllegalStateException("output of task " + sink.taskText() + " was already opened");
            }
            for (int partition = 0; partition < partitionCount; partition++) {
                sink.query.partitions.put(sink.task.outputBuffer(partition), new Partition(schema, sink.generation));
            }
            sink.opened = true;
            sink.partitionCount = partitionCount;
        }
    }

    void accept(TaskOutputSink sink, int partition, ArrowRecordBatch batch) {
        requireNonNull(batch, "batch");
        boolean stored = false;
        try {
            synchronized (lock) {
                checkCurrent(sink);
                if (!sink.opened) {
                    throw new IllegalStateException("output of task " + sink.taskText() + " was not opened");
                }
                if (partition < 0 || partition >= sink.partitionCount) {
                    throw new IllegalArgumentException("task " + sink.taskText() + " has " + sink.partitionCount
                            + " output partitions, got a batch for partition " + partition);
                }
                Partition target = sink.query.partitions.get(sink.task.outputBuffer(partition));
                target.batches.add(batch);
                target.rows += batch.getLength();
                target.bytes += batch.computeBodyLength();
                stored = true;
            }
        } finally {
            if (!stored) {
                // The sink owns every batch handed to it, also the ones it rejects.
                batch.close();
            }
        }
    }

    List<PartitionStatistics> statistics(TaskOutputSink sink) {
        synchronized (lock) {
            List<PartitionStatistics> statistics = new ArrayList<>();
            for (int index = 0; index < sink.partitionCount; index++) {
                Partition partition = sink.query.partitions.get(sink.task.outputBuffer(index));
                if (partition != null && partition.generation == sink.generation) {
                    statistics.add(new PartitionStatistics(index, partition.rows, partition.bytes,
                            partition.batches.size()));
                }
            }
            return statistics;
        }
    }

    void discard(TaskOutputSink sink) {
        synchronized (lock) {
            if (isCurrent(sink)) {
                TaskKey key = new TaskKey(sink.task.stageId(), sink.task.taskIndex());
                sink.query.taskGenerations.remove(key);
                removeTaskOutput(sink.query, key);
            }
        }
    }

    void closeSink(TaskOutputSink sink) {
        synchronized (lock) {
            if (!sink.closed) {
                sink.closed = true;
                releaseUser(sink.query);
            }
        }
    }

    void closeSnapshot(BufferSnapshot snapshot, List<ArrowRecordBatch> retained) {
        synchronized (lock) {
            retained.forEach(ArrowRecordBatch::close);
            releaseUser(snapshot.query);
        }
    }

    // ---- internals, called with the lock held ----

    private QueryBuffers newQuery(String queryId) {
        return new QueryBuffers(queryId,
                workerAllocator.newChildAllocator("query-" + queryId + "-buffers", 0, Long.MAX_VALUE));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the buffer store of worker " + workerId + " is closed");
        }
    }

    private boolean isCurrent(TaskOutputSink sink) {
        Long generation = sink.query.taskGenerations.get(new TaskKey(sink.task.stageId(), sink.task.taskIndex()));
        return !closed && !sink.query.released && !sink.closed && generation != null
                && generation == sink.generation;
    }

    private void checkCurrent(TaskOutputSink sink) {
        if (isCurrent(sink)) {
            return;
        }
        if (sink.closed) {
            throw new IllegalStateException("output sink of task " + sink.taskText() + " is closed");
        }
        if (closed || sink.query.released) {
            throw new IllegalStateException(
                    "query " + sink.task.queryId() + " was released; task " + sink.taskText() + " output dropped");
        }
        throw new IllegalStateException(
                "task " + sink.taskText() + " was superseded by another attempt or released; its output is dropped");
    }

    private boolean removeTaskOutput(QueryBuffers query, TaskKey key) {
        boolean removed = false;
        Iterator<Map.Entry<BufferId, Partition>> entries = query.partitions.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<BufferId, Partition> entry = entries.next();
            BufferId id = entry.getKey();
            if (id.stageId() == key.stageId() && id.taskIndex() == key.taskIndex()) {
                entry.getValue().batches.forEach(ArrowRecordBatch::close);
                entries.remove();
                removed = true;
            }
        }
        return removed;
    }

    private void closeBatches(QueryBuffers query) {
        for (Partition partition : query.partitions.values()) {
            partition.batches.forEach(ArrowRecordBatch::close);
        }
        query.partitions.clear();
        query.taskGenerations.clear();
    }

    private void releaseUser(QueryBuffers query) {
        query.users--;
        if (query.released && query.users == 0) {
            releasing.remove(query);
            closeAllocator(query);
        }
    }

    private void closeAllocator(QueryBuffers query) {
        if (query.allocatorClosed) {
            return;
        }
        query.allocatorClosed = true;
        try {
            query.allocator.close();
        } catch (RuntimeException e) {
            String failure = "allocator of query " + query.queryId + " on worker " + workerId + ": " + e.getMessage();
            closeFailures.add(failure);
            LOGGER.log(System.Logger.Level.ERROR, failure, e);
        }
    }

    /** A new reference to the same buffers as {@code batch}: the copy retains them and releases them on close. */
    private static ArrowRecordBatch retain(ArrowRecordBatch batch) {
        return new ArrowRecordBatch(batch.getLength(), batch.getNodes(), batch.getBuffers(),
                batch.getBodyCompression(), batch.getVariadicBufferCounts(), true);
    }

    /** The output of one query on this worker and the allocator it lives in. */
    static final class QueryBuffers {
        final String queryId;
        final BufferAllocator allocator;
        final Map<BufferId, Partition> partitions = new LinkedHashMap<>();
        /** The generation of the sink allowed to write each task's output (the latest attempt). */
        final Map<TaskKey, Long> taskGenerations = new HashMap<>();
        /** Open sinks and snapshots: while positive the allocator stays open. */
        int users;
        boolean released;
        boolean allocatorClosed;

        QueryBuffers(String queryId, BufferAllocator allocator) {
            this.queryId = queryId;
            this.allocator = allocator;
        }

        long bytes() {
            return partitions.values().stream().mapToLong(partition -> partition.bytes).sum();
        }
    }

    private record TaskKey(int stageId, int taskIndex) {
    }

    /** The batches of one output partition. */
    private static final class Partition {
        final Schema schema;
        final long generation;
        final List<ArrowRecordBatch> batches = new ArrayList<>();
        long rows;
        long bytes;

        Partition(Schema schema, long generation) {
            this.schema = schema;
            this.generation = generation;
        }
    }
}
