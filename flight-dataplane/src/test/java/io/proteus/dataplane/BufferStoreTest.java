package io.proteus.dataplane;

import static io.proteus.dataplane.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.task.TaskDescriptor;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buffer store on its own: attempts, release and memory accounting. */
class BufferStoreTest {

    private RootAllocator rootAllocator;
    private BufferAllocator workerAllocator;
    private BufferStore store;

    @BeforeEach
    void createStore() {
        rootAllocator = new RootAllocator();
        workerAllocator = rootAllocator.newChildAllocator("worker-test", 0, Long.MAX_VALUE);
        store = new BufferStore("test", workerAllocator);
    }

    @AfterEach
    void closeStore() {
        store.close();
        workerAllocator.close();
        assertThat(rootAllocator.getAllocatedMemory()).isZero();
        rootAllocator.close();
    }

    private static ArrowRecordBatch batch(TaskOutputSink sink, int... values) {
        return TestTasks.batchOf(java.util.Arrays.stream(values).boxed().toList(), sink.allocator());
    }

    @Test
    void keepsPartitionsWithStatisticsInAQueryAllocator() {
        TaskDescriptor task = task("q", 1, 0, 0);
        try (TaskOutputSink sink = store.sinkFor(task)) {
            assertThat(sink.allocator().getName()).isEqualTo("query-q-buffers");
            sink.open(TestTasks.SCHEMA, 2);
            sink.accept(0, batch(sink, 1, 2, 3));
            sink.accept(1, batch(sink, 4));
            sink.accept(1, batch(sink, 5, 6));
            assertThat(sink.statistics()).extracting(PartitionStatistics::rows, PartitionStatistics::batches)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 1),
                            org.assertj.core.groups.Tuple.tuple(3L, 2));
            assertThatThrownBy(() -> sink.accept(2, batch(sink, 7)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.bufferCount()).isEqualTo(2);
        assertThat(store.contains(new BufferId("q", 1, 0, 1))).isTrue();
        assertThat(store.bytesHeld()).isEqualTo(store.bytesHeld("q")).isPositive();
        try (BufferSnapshot snapshot = store.acquire(new BufferId("q", 1, 0, 1)).orElseThrow()) {
            assertThat(snapshot.batchCount()).isEqualTo(2);
            assertThat(snapshot.rowCount()).isEqualTo(3);
        }
        assertThat(store.releaseQuery("q")).isTrue();
        assertThat(store.releaseQuery("q")).isFalse();
        assertThat(workerAllocator.getAllocatedMemory()).isZero();
        assertThat(workerAllocator.getChildAllocators()).isEmpty();
    }

    @Test
    void aNewAttemptReplacesTheOutputAndSilencesTheOldSink() {
        TaskOutputSink first = store.sinkFor(task("q", 1, 0, 0));
        first.open(TestTasks.SCHEMA, 1);
        first.accept(0, batch(first, 1, 2));
        long allocatedByFirst = workerAllocator.getAllocatedMemory();
        assertThat(allocatedByFirst).isPositive();

        try (TaskOutputSink second = store.sinkFor(task("q", 1, 0, 1))) {
            assertThat(store.bufferCount()).isZero();
            assertThat(workerAllocator.getAllocatedMemory()).isZero();
            assertThatThrownBy(() -> first.accept(0, batch(first, 3)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("superseded");
            assertThat(workerAllocator.getAllocatedMemory()).isZero();
            second.open(TestTasks.SCHEMA, 1);
            second.accept(0, batch(second, 9));
            first.discard();
            assertThat(store.bufferCount()).isEqualTo(1);
        }
        first.close();
        assertThat(store.releaseTask("q", 1, 0)).isTrue();
        assertThat(store.bufferCount()).isZero();
        assertThat(store.queryIds()).containsExactly("q");
    }

    @Test
    void releasingAQueryWhileATaskWritesClosesTheAllocatorWhenTheTaskIsDone() {
        TaskOutputSink sink = store.sinkFor(task("q", 1, 0, 0));
        sink.open(TestTasks.SCHEMA, 1);
        sink.accept(0, batch(sink, 1));
        ArrowRecordBatch inFlight = batch(sink, 2);

        assertThat(store.releaseQuery("q")).isTrue();
        assertThat(workerAllocator.getChildAllocators()).hasSize(1);
        assertThatThrownBy(() -> sink.accept(0, inFlight))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        sink.close();
        assertThat(workerAllocator.getChildAllocators()).isEmpty();
        assertThat(workerAllocator.getAllocatedMemory()).isZero();
    }

    @Test
    void closingTheStoreReleasesEverything() {
        for (int task = 0; task < 3; task++) {
            try (TaskOutputSink sink = store.sinkFor(task("q" + task, 1, task, 0))) {
                sink.open(TestTasks.SCHEMA, 1);
                sink.accept(0, batch(sink, task));
            }
        }
        assertThat(store.queryIds()).containsExactly("q0", "q1", "q2");
        store.close();
        assertThat(workerAllocator.getAllocatedMemory()).isZero();
        assertThat(store.acquire(new BufferId("q0", 1, 0, 0))).isEmpty();
        assertThatThrownBy(() -> store.sinkFor(task("q", 1, 0, 0))).isInstanceOf(IllegalStateException.class);
    }
}
