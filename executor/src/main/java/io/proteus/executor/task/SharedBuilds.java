package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What the tasks of one query on one worker build once and share: the hash table of a broadcast join's build side,
 * which every task of the join's stage would otherwise read in full and build again. One per worker; thread-safe.
 *
 * <p>The first task to {@link #acquire} a key builds the value (the others of the worker wait for it and never read
 * the broadcast input), so the broadcast is fetched and built once per worker instead of once per task.
 *
 * <p>Ownership: the registry owns every value it built. A value's Arrow memory comes from its own child allocator
 * ({@code query-<id>-shared-<n>}) of the query's allocator ({@code query-<id>-shared}), a child of the worker's
 * allocator; its heap memory is charged there by the builder. Tasks borrow a value through a {@link Lease} and must
 * not use it after closing the lease. Values stay until their query is released ({@link #releaseQuery}), so that the
 * worker's later tasks of the same stage find them; they are closed (with their allocators) once the query is
 * released and the last lease on any of them is closed, or when the registry closes.
 */
public final class SharedBuilds implements AutoCloseable {

    private final String workerId;
    private final BufferAllocator workerAllocator;
    private final Object lock = new Object();
    private final Map<String, QueryBuilds> queries = new HashMap<>();
    private final List<String> closeFailures = new ArrayList<>();
    private boolean closed;

    public SharedBuilds(String workerId, BufferAllocator workerAllocator) {
        this.workerId = requireNonNull(workerId, "workerId");
        this.workerAllocator = requireNonNull(workerAllocator, "workerAllocator");
    }

    /**
     * Returns a lease on the value of {@code key} in query {@code queryId}, building it with {@code factory} (given a
     * new allocator the value's Arrow memory must come from) if no task of this worker did. Concurrent callers of the
     * same key wait for the one building it; if that build fails, they build it themselves. The factory's failure is
     * thrown to its caller, and its allocator closed.
     */
    public <T extends AutoCloseable> Lease<T> acquire(String queryId, String key, Function<BufferAllocator, T> factory) {
        requireNonNull(queryId, "queryId");
        requireNonNull(key, "key");
        requireNonNull(factory, "factory");
        while (true) {
            QueryBuilds query;
            Entry entry;
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException("the shared builds of worker " + workerId + " are closed");
                }
                query = queries.computeIfAbsent(queryId, id -> new QueryBuilds(id,
                        workerAllocator.newChildAllocator("query-" + id + "-shared", 0, Long.MAX_VALUE)));
                entry = query.entries.computeIfAbsent(key, ignored -> new Entry());
                query.leases++;
            }
            boolean leased = false;
            boolean failed = false;
            try {
                // Lock order: an entry's monitor is never held while waiting for the registry's lock.
                synchronized (entry) {
                    if (entry.abandoned) {
                        // The build this entry stood for failed, or its query was closed; look the key up again.
                        continue;
                    }
                    if (entry.value == null) {
                        BufferAllocator allocator = query.allocator.newChildAllocator(
                                query.allocator.getName() + "-" + query.allocatorCount.incrementAndGet(), 0, Long.MAX_VALUE);
                        try {
                            entry.value = requireNonNull(factory.apply(allocator), "the factory built nothing");
                            entry.allocator = allocator;
                        } catch (RuntimeException | Error e) {
                            allocator.close();
                            entry.abandoned = true;
                            failed = true;
                            throw e;
                        }
                    }
                    leased = true;
                    @SuppressWarnings("unchecked")
                    T value = (T) entry.value;
                    return new Lease<>(this, query, value);
                }
            } finally {
                if (failed) {
                    synchronized (lock) {
                        query.entries.remove(key, entry);
                    }
                }
                if (!leased) {
                    returnLease(query);
                }
            }
        }
    }

    /**
     * Forgets the query's values: they are closed now if no task holds a lease on them, otherwise when the last lease
     * is closed. Returns whether the registry held any.
     */
    public boolean releaseQuery(String queryId) {
        synchronized (lock) {
            QueryBuilds query = queries.remove(queryId);
            if (query == null) {
                return false;
            }
            query.released = true;
            if (query.leases == 0) {
                closeQuery(query);
            }
            return true;
        }
    }

    /** The number of values held, over all queries (for tests and status). */
    public int size() {
        synchronized (lock) {
            return queries.values().stream().mapToInt(query -> query.entries.size()).sum();
        }
    }

    /**
     * Closes every value, also of queries with leases still open. Throws {@link IllegalStateException} if an allocator
     * could not be closed cleanly (leaked memory), here or earlier.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (QueryBuilds query : List.copyOf(queries.values())) {
                if (query.leases > 0) {
                    closeFailures.add("query " + query.queryId + " still had " + query.leases
                            + " leases on shared builds when worker " + workerId + " closed them");
                }
                closeQuery(query);
            }
            queries.clear();
            if (!closeFailures.isEmpty()) {
                throw new IllegalStateException("shared builds of worker " + workerId + " leaked: "
                        + String.join("; ", closeFailures));
            }
        }
    }

    private void returnLease(QueryBuilds query) {
        synchronized (lock) {
            query.leases--;
            if (query.released && query.leases == 0) {
                closeQuery(query);
            }
        }
    }

    /** Closes the values and allocators of a query; called with the lock held. */
    private void closeQuery(QueryBuilds query) {
        if (query.closed) {
            return;
        }
        query.closed = true;
        for (Entry entry : query.entries.values()) {
            synchronized (entry) {
                entry.abandoned = true;
                try {
                    if (entry.value != null) {
                        entry.value.close();
                    }
                    if (entry.allocator != null) {
                        entry.allocator.close();
                    }
                } catch (Exception e) {
                    closeFailures.add("a shared build of query " + query.queryId + " on worker " + workerId + ": " + e);
                }
                entry.value = null;
            }
        }
        query.entries.clear();
        try {
            query.allocator.close();
        } catch (RuntimeException e) {
            closeFailures.add("allocator of the shared builds of query " + query.queryId + " on worker " + workerId
                    + ": " + e.getMessage());
        }
    }

    /** A task's use of a shared value; closing it tells the registry the task is done with it. */
    public static final class Lease<T> implements AutoCloseable {
        private final SharedBuilds owner;
        private final QueryBuilds query;
        private final T value;
        private boolean closed;

        private Lease(SharedBuilds owner, QueryBuilds query, T value) {
            this.owner = owner;
            this.query = query;
            this.value = value;
        }

        /** The shared value; valid until this lease is closed. */
        public T value() {
            if (closed) {
                throw new IllegalStateException("the lease is closed");
            }
            return value;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                owner.returnLease(query);
            }
        }
    }

    private static final class QueryBuilds {
        final String queryId;
        final BufferAllocator allocator;
        final Map<String, Entry> entries = new HashMap<>();
        final AtomicInteger allocatorCount = new AtomicInteger();
        int leases;
        boolean released;
        boolean closed;

        QueryBuilds(String queryId, BufferAllocator allocator) {
            this.queryId = queryId;
            this.allocator = allocator;
        }
    }

    /** One value, built at most once; its monitor serialises the builders. */
    private static final class Entry {
        AutoCloseable value;
        BufferAllocator allocator;
        boolean abandoned;
    }
}
