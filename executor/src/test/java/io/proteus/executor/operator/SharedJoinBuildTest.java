package io.proteus.executor.operator;

import static io.proteus.executor.testing.TestData.decimal;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.operator.join.HashJoinOperator;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.SharedBuilds;
import io.proteus.executor.task.SplitReader;
import io.proteus.executor.testing.BatchSource;
import io.proteus.executor.testing.OperatorTestSupport;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broadcast join's build shared by the tasks of a worker ({@link SharedBuilds}): built once, probed by several
 * joins with the same answers as private builds (NULL keys, a skewed key, decimals), not shared where the build side's
 * own rows are emitted, and released with its query without leaking.
 */
class SharedJoinBuildTest extends OperatorTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final ValuesNode NONE = new ValuesNode(List.of(), List.of());
    private static final List<DataType> PROBE_TYPES = types(INT, DEC, TEXT);
    private static final List<DataType> BUILD_TYPES = types(INT, TEXT);

    /** Probe rows: key with NULLs and a skewed value 7, a decimal, a label. */
    private static List<List<Object>> probeRows(int offset) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Integer key = i % 17 == 0 ? null : i % 3 == 0 ? 7 : (i + offset) % 50;
            rows.add(row(key, i % 11 == 0 ? null : decimal((i - 100) + ".05"), "p" + i));
        }
        return rows;
    }

    /** Build rows: keys 0..39 twice (duplicates), NULL keys, no key over 39. */
    private static List<List<Object>> buildRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            rows.add(row(i % 9 == 0 ? null : i % 40, "b" + i));
        }
        return rows;
    }

    private SplitReader readerSharing(SharedBuilds shared) {
        return new SplitReader() {
            @Override
            public BatchStream open(BufferSplit split) {
                throw new UnsupportedOperationException("no exchange in this test");
            }

            @Override
            public Optional<SharedBuilds> sharedBuilds() {
                return Optional.of(shared);
            }
        };
    }

    private List<List<Object>> join(JoinType type, JoinSide buildSide, SplitReader reader, String key, BatchSource probe,
            BatchSource build) {
        HashJoinNode node = new HashJoinNode(NONE, NONE, type, List.of(0), List.of(0), null, buildSide, true);
        OperatorContext context = context(new TaskContext("task", "query-1", 3, "worker-1", Map.of(), reader, () -> false));
        BatchSource left = buildSide == JoinSide.LEFT ? build : probe;
        BatchSource right = buildSide == JoinSide.LEFT ? probe : build;
        try (HashJoinOperator join = new HashJoinOperator(context, left, right, node, null, key)) {
            return sorted(drain(join));
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    @ParameterizedTest
    @EnumSource(value = JoinType.class, names = {"INNER", "LEFT", "SEMI", "ANTI"})
    void tasksShareOneBuildAndGetThePrivateAnswers(JoinType type) {
        try (SharedBuilds shared = new SharedBuilds("worker-1", allocator)) {
            SplitReader reader = readerSharing(shared);
            for (int task = 0; task < 3; task++) {
                BatchSource build = BatchSource.chunked(allocator, BUILD_TYPES, buildRows(), 32);
                List<List<Object>> sharedAnswer = join(type, JoinSide.RIGHT, reader, "join-a",
                        BatchSource.chunked(allocator, PROBE_TYPES, probeRows(task), 64), build);
                // The first task builds; the others find the build and never read their build input.
                assertThat(build.pulled()).isEqualTo(task == 0 ? 3 : 0);
                assertThat(build.closed()).isTrue();
                List<List<Object>> privateAnswer = join(type, JoinSide.RIGHT, null, null,
                        BatchSource.chunked(allocator, PROBE_TYPES, probeRows(task), 64),
                        BatchSource.chunked(allocator, BUILD_TYPES, buildRows(), 32));
                assertThat(sharedAnswer).isEqualTo(privateAnswer).isNotEmpty();
            }
            assertThat(shared.size()).isEqualTo(1);
            assertThat(shared.releaseQuery("query-1")).isTrue();
            assertThat(shared.size()).isZero();
        }
    }

    @Test
    void aBuildWhoseRowsAreEmittedIsNotShared() {
        try (SharedBuilds shared = new SharedBuilds("worker-1", allocator)) {
            SplitReader reader = readerSharing(shared);
            for (int task = 0; task < 2; task++) {
                BatchSource build = BatchSource.chunked(allocator, BUILD_TYPES, buildRows(), 32);
                // RIGHT join building on the right: the unmatched build rows are output, per task.
                List<List<Object>> rows = join(JoinType.RIGHT, JoinSide.RIGHT, reader, "join-b",
                        BatchSource.of(allocator, PROBE_TYPES, probeRows(task)), build);
                assertThat(build.pulled()).isEqualTo(3);
                assertThat(rows).hasSizeGreaterThan(buildRows().size() / 2);
            }
            assertThat(shared.size()).isZero();
        }
    }

    @Test
    void anEmptyBuildIsSharedToo() {
        try (SharedBuilds shared = new SharedBuilds("worker-1", allocator)) {
            SplitReader reader = readerSharing(shared);
            assertThat(join(JoinType.INNER, JoinSide.LEFT, reader, "join-c",
                    BatchSource.of(allocator, PROBE_TYPES, probeRows(0)), BatchSource.of(allocator, BUILD_TYPES, List.of())))
                    .isEmpty();
            assertThat(join(JoinType.ANTI, JoinSide.RIGHT, reader, "join-d",
                    BatchSource.of(allocator, PROBE_TYPES, probeRows(0)), BatchSource.of(allocator, BUILD_TYPES, List.of())))
                    .hasSize(200);
        }
    }

    /** A value holding Arrow memory from the registry's allocator, counting its closes. */
    private record Held(ArrowBuf buffer, AtomicInteger closes) implements AutoCloseable {
        @Override
        public void close() {
            buffer.close();
            closes.incrementAndGet();
        }
    }

    private static Held held(BufferAllocator allocator, AtomicInteger closes) {
        return new Held(allocator.buffer(1024), closes);
    }

    @Test
    void concurrentTasksBuildOnceAndTheValueOutlivesTheReleaseWhileLeased() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (SharedBuilds shared = new SharedBuilds("worker-1", allocator)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<SharedBuilds.Lease<Held>>> leases = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    leases.add(threads.submit(() -> {
                        start.await();
                        return shared.acquire("q", "k", allocator -> {
                            builds.incrementAndGet();
                            return held(allocator, closes);
                        });
                    }));
                }
                start.countDown();
                List<SharedBuilds.Lease<Held>> acquired = new ArrayList<>();
                for (Future<SharedBuilds.Lease<Held>> lease : leases) {
                    acquired.add(lease.get(10, TimeUnit.SECONDS));
                }
                assertThat(builds.get()).isEqualTo(1);
                assertThat(acquired).allSatisfy(lease -> assertThat(lease.value()).isSameAs(acquired.get(0).value()));
                // Released while leased: still usable until the last lease is closed.
                shared.releaseQuery("q");
                acquired.get(0).value().buffer().setInt(0, 42);
                for (int i = 0; i < 3; i++) {
                    acquired.get(i).close();
                }
                assertThat(closes.get()).isZero();
                acquired.get(3).close();
                assertThat(closes.get()).isEqualTo(1);
                assertThatThrownBy(() -> acquired.get(3).value()).isInstanceOf(IllegalStateException.class);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aFailedBuildIsBuiltAgainByTheNextTask() {
        try (SharedBuilds shared = new SharedBuilds("worker-1", allocator)) {
            assertThatThrownBy(() -> shared.acquire("q", "k", allocator -> {
                allocator.buffer(64).close();
                throw new IllegalStateException("build failed");
            })).hasMessage("build failed");
            assertThat(shared.size()).isZero();
            AtomicInteger closes = new AtomicInteger();
            try (SharedBuilds.Lease<Held> lease = shared.acquire("q", "k", allocator -> held(allocator, closes))) {
                assertThat(lease.value().buffer().capacity()).isEqualTo(1024);
            }
            assertThat(shared.size()).isEqualTo(1);
            // Closing the registry closes what its queries still hold.
        }
    }
}
