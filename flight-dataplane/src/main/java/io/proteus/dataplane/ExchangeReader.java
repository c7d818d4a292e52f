package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.SharedBuilds;
import io.proteus.executor.task.SplitReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The {@link SplitReader} of one task: opens its exchange inputs through the worker's {@link ExchangeClient} (from the
 * local buffer store when the split lives on this worker, with Flight {@code DoGet} otherwise) and counts the bytes
 * it fetched remotely and shared locally. Closing it closes any stream the task left open.
 */
public final class ExchangeReader implements SplitReader, AutoCloseable {

    private final ExchangeClient exchange;
    private final AtomicLong remoteBytes = new AtomicLong();
    private final AtomicLong localBytes = new AtomicLong();
    private final AtomicLong remoteBatches = new AtomicLong();
    private final AtomicLong localBatches = new AtomicLong();
    private final Set<TrackedStream> openStreams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ExchangeReader(ExchangeClient exchange) {
        this.exchange = requireNonNull(exchange, "exchange");
    }

    @Override
    public BatchStream open(BufferSplit split) {
        requireNonNull(split, "split");
        if (closed) {
            throw new IllegalStateException("the exchange reader is closed");
        }
        LongConsumer shared = bytes -> {
            localBytes.addAndGet(bytes);
            localBatches.incrementAndGet();
        };
        BatchStream stream = exchange.isLocal(split)
                ? exchange.openLocal(split, shared)
                : exchange.openInProcess(split, shared).orElseGet(() -> exchange.openRemote(split, bytes -> {
                    remoteBytes.addAndGet(bytes);
                    remoteBatches.incrementAndGet();
                }, shared));
        TrackedStream tracked = new TrackedStream(stream);
        openStreams.add(tracked);
        return tracked;
    }

    @Override
    public Optional<SharedBuilds> sharedBuilds() {
        return Optional.of(exchange.sharedBuilds());
    }

    /** Bytes of Arrow buffers received from other workers with {@code DoGet}. */
    public long remoteBytes() {
        return remoteBytes.get();
    }

    /** Bytes of Arrow buffers read from this worker's own buffer store without copying. */
    public long localBytes() {
        return localBytes.get();
    }

    public long remoteBatches() {
        return remoteBatches.get();
    }

    public long localBatches() {
        return localBatches.get();
    }

    @Override
    public void close() {
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (TrackedStream stream : List.copyOf(openStreams)) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Forgets the stream when the task closes it. */
    private final class TrackedStream implements BatchStream {
        private final BatchStream delegate;

        TrackedStream(BatchStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public VectorSchemaRoot next(BufferAllocator allocator) {
            return delegate.next(allocator);
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public boolean sharedWithoutCopy() {
            return delegate.sharedWithoutCopy();
        }

        @Override
        public void close() {
            if (openStreams.remove(this)) {
                delegate.close();
            }
        }
    }
}
