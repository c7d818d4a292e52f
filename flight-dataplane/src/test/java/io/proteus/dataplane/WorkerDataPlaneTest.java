package io.proteus.dataplane;

import static io.proteus.dataplane.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two in-process workers on loopback exchanging task output through the Flight data plane. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerDataPlaneTest {

    private static final long WORKER_MEMORY = 256L << 20;

    private RootAllocator rootAllocator;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @BeforeEach
    void createRootAllocator() {
        rootAllocator = new RootAllocator();
    }

    @AfterEach
    void closeEverything() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
        assertThat(rootAllocator.getAllocatedMemory()).as(rootAllocator.toVerboseString()).isZero();
        rootAllocator.close();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    private Worker startWorker(String id, int slots, TaskFunction function) {
        return track(Worker.start(new WorkerConfig(id, 0, slots, WORKER_MEMORY), rootAllocator, function));
    }

    private WorkerClient clientOf(Worker worker) {
        return track(new WorkerClient(worker.address(), rootAllocator));
    }

    private BufferAllocator readerAllocator() {
        return track(rootAllocator.newChildAllocator("test-reader", 0, Long.MAX_VALUE));
    }

    @Test
    void aFunctionCallIsSentAndRunAtTheLowestCpuPriorityOnBothSides() throws Exception {
        List<String> calledOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        FunctionRunner reverse = (call, input, workerId, workerAllocator, cancelled) -> {
            calledOn.add(Thread.currentThread().getName() + " nice " + niceOfCurrentThread());
            byte[] output = new byte[input.length];
            for (int i = 0; i < input.length; i++) {
                output[i] = input[input.length - 1 - i];
            }
            return output;
        };
        Worker worker = track(Worker.start(new WorkerConfig("functions", 0, 2, WORKER_MEMORY), rootAllocator,
                (task, workerId, workerAllocator, exchangeReader, sink, cancelled) -> {
                    throw new IllegalStateException("no tasks in this test");
                }, reverse, false));
        WorkerClient client = clientOf(worker);
        byte[] input = new byte[300_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) i;
        }
        String[] completedOn = new String[1];
        byte[] output = client.runFunction(new FunctionCall("inv-1", 0, 0, "reverse", java.util.Map.of()), input)
                .thenApply(result -> {
                    completedOn[0] = Thread.currentThread().getName() + " nice " + niceOfCurrentThread();
                    return result;
                })
                .get(30, TimeUnit.SECONDS);
        assertThat(output).hasSize(input.length);
        assertThat(output[0]).isEqualTo(input[input.length - 1]);
        assertThat(output[input.length - 1]).isEqualTo(input[0]);
        assertThat(calledOn).singleElement().asString().startsWith("worker-functions-background-slot-");
        assertThat(completedOn[0]).startsWith("worker-client-" + worker.address() + "-function-call-");
        if (niceOfCurrentThread() >= 0) {
            // Where the operating system reports nice values (Linux), both ends ran at nice 19.
            assertThat(calledOn.getFirst()).endsWith(" nice 19");
            assertThat(completedOn[0]).endsWith(" nice 19");
        }
    }

    /** The nice value of the calling thread on Linux, or -1 where it cannot be read. */
    private static int niceOfCurrentThread() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            // The fields after the command name (which ends with the last ')'): nice is field 19 of the whole line.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static TaskResult run(WorkerClient client, TaskDescriptor task) throws Exception {
        return client.runTask(task).get(30, TimeUnit.SECONDS);
    }

    private static WorkerException failureOf(CompletableFuture<TaskResult> future) {
        Throwable thrown = catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WorkerException.class);
        return (WorkerException) thrown.getCause();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void outputOfATaskIsReadRemotelyAndLocally() throws Exception {
        TestTasks function = new TestTasks();
        Worker workerA = startWorker("a", 2, function);
        Worker workerB = startWorker("b", 2, function);
        WorkerClient clientA = clientOf(workerA);
        BufferAllocator reader = readerAllocator();

        TaskDescriptor produce = task("q1", TestTasks.PRODUCE, 0, 0);
        TaskResult produced = run(clientA, produce);
        assertThat(produced.workerId()).isEqualTo("a");
        assertThat(produced.outputRows()).isEqualTo(200);
        assertThat(workerA.bufferStore().bytesHeld()).isEqualTo(produced.outputBytes()).isPositive();
        List<Integer> expected = function.expectedValues(produce);
        BufferSplit split = new BufferSplit("a", workerA.address(), produce.outputBuffer(0));

        // Remote path: worker B fetches from worker A with DoGet.
        try (ExchangeReader remote = workerB.server().exchangeClient().newReader();
                BatchStream stream = remote.open(split)) {
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(expected);
            assertThat(remote.remoteBytes()).isPositive();
            assertThat(remote.remoteBatches()).isEqualTo(2);
            assertThat(remote.localBytes()).isZero();
        }
        assertThat(workerB.server().exchangeClient().pooledClientCount()).isEqualTo(1);

        // Local path: worker A reads its own store in place; the vectors share the stored buffers.
        try (ExchangeReader local = workerA.server().exchangeClient().newReader();
                BatchStream stream = local.open(split);
                BufferSnapshot stored = workerA.bufferStore().acquire(split.bufferId()).orElseThrow()) {
            try (VectorSchemaRoot first = stream.next(reader)) {
                IntVector values = (IntVector) first.getVector("value");
                assertThat(values.getDataBuffer().memoryAddress())
                        .isEqualTo(stored.batch(0).getBuffers().get(1).memoryAddress());
                assertThat(TestTasks.values(first)).isEqualTo(expected.subList(0, 100));
            }
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(expected.subList(100, 200));
            assertThat(local.localBytes()).isEqualTo(produced.outputBytes());
            assertThat(local.remoteBytes()).isZero();
        }
        assertThat(workerA.server().exchangeClient().pooledClientCount()).isZero();
    }

    @Test
    void consumerTasksReadUpstreamOutputAndReportExchangeBytes() throws Exception {
        TestTasks function = new TestTasks();
        Worker workerA = startWorker("a", 2, function);
        Worker workerB = startWorker("b", 2, function);
        WorkerClient clientA = clientOf(workerA);
        WorkerClient clientB = clientOf(workerB);
        BufferAllocator reader = readerAllocator();

        TaskDescriptor produce0 = task("q2", TestTasks.PRODUCE, 0, 0);
        TaskDescriptor produce1 = task("q2", TestTasks.PRODUCE, 1, 0);
        run(clientA, produce0);
        run(clientA, produce1);
        List<InputSplit> splits = List.of(
                new BufferSplit("a", workerA.address(), produce0.outputBuffer(0)),
                new BufferSplit("a", workerA.address(), produce1.outputBuffer(0)));
        List<Integer> expected = new ArrayList<>(function.expectedValues(produce0));
        expected.addAll(function.expectedValues(produce1));

        TaskResult remote = run(clientB, task("q2", TestTasks.CONSUME, 0, 0, splits));
        assertThat(remote.workerId()).isEqualTo("b");
        assertThat(remote.inputRows()).isEqualTo(400);
        assertThat(remote.bytesFetchedRemotely()).isPositive();
        assertThat(remote.bytesSharedLocally()).isZero();

        TaskResult local = run(clientA, task("q2", TestTasks.CONSUME, 1, 0, splits));
        assertThat(local.bytesSharedLocally()).isPositive();
        assertThat(local.bytesFetchedRemotely()).isZero();

        // The coordinator pulls the final output of both consumers (over Flight: these workers do not share).
        try (BatchStream stream = clientB.fetch(new BufferId("q2", TestTasks.CONSUME, 0, 0))) {
            assertThat(stream.sharedWithoutCopy()).isFalse();
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(expected);
        }
        try (BatchStream stream = clientA.fetch(new BufferId("q2", TestTasks.CONSUME, 1, 0))) {
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(expected);
        }
    }

    @Test
    void workersOfOneProcessThatShareReadEachOthersBuffersInPlace() throws Exception {
        TestTasks function = new TestTasks();
        Worker workerA = track(Worker.start(new WorkerConfig("a", 0, 2, WORKER_MEMORY), rootAllocator, function, FunctionRunner.NONE, true));
        Worker workerB = track(Worker.start(new WorkerConfig("b", 0, 2, WORKER_MEMORY), rootAllocator, function, FunctionRunner.NONE, true));
        WorkerClient clientA = clientOf(workerA);
        WorkerClient clientB = clientOf(workerB);
        BufferAllocator reader = readerAllocator();

        TaskDescriptor produce = task("q9", TestTasks.PRODUCE, 0, 0);
        TaskResult produced = run(clientA, produce);
        List<InputSplit> splits = List.of(new BufferSplit("a", workerA.address(), produce.outputBuffer(0)));
        TaskResult consumed = run(clientB, task("q9", TestTasks.CONSUME, 0, 0, splits));
        // Worker b took worker a's buffers without Flight: shared, nothing over the network, no Flight client made.
        assertThat(consumed.bytesSharedLocally()).isEqualTo(produced.outputBytes());
        assertThat(consumed.bytesFetchedRemotely()).isZero();
        assertThat(workerB.server().exchangeClient().pooledClientCount()).isZero();
        try (BatchStream stream = clientB.fetch(new BufferId("q9", TestTasks.CONSUME, 0, 0))) {
            // The coordinator's client in this process reads the worker's buffer in place too.
            assertThat(stream.sharedWithoutCopy()).isTrue();
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(function.expectedValues(produce));
        }
        // Released on a while b's output, read from a's buffers, is still held: b's copy-free batches stay valid.
        clientA.releaseQuery("q9");
        try (BatchStream stream = clientB.fetch(new BufferId("q9", TestTasks.CONSUME, 0, 0))) {
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(function.expectedValues(produce));
        }
        clientB.releaseQuery("q9");
    }

    @Test
    void workerProcessesOfOneHostExchangeThroughSharedMemory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path shared)
            throws Exception {
        // Not sharing in process (as separate worker processes): worker b maps the file worker a writes.
        TestTasks function = new TestTasks();
        Worker workerA = track(Worker.start(new WorkerConfig("a", 0, 2, WORKER_MEMORY).withSharedMemory(shared),
                rootAllocator, function));
        Worker workerB = track(Worker.start(new WorkerConfig("b", 0, 2, WORKER_MEMORY).withSharedMemory(shared),
                rootAllocator, function));
        WorkerClient clientA = clientOf(workerA);
        WorkerClient clientB = clientOf(workerB);
        BufferAllocator reader = readerAllocator();

        TaskDescriptor produce = task("q10", TestTasks.PRODUCE, 0, 0);
        TaskResult produced = run(clientA, produce);
        List<InputSplit> splits = List.of(new BufferSplit("a", workerA.address(), produce.outputBuffer(0)));
        TaskResult consumed = run(clientB, task("q10", TestTasks.CONSUME, 0, 0, splits));
        assertThat(consumed.bytesSharedLocally()).isEqualTo(produced.outputBytes());
        assertThat(consumed.bytesFetchedRemotely()).isZero();
        try (BatchStream stream = clientB.fetch(new BufferId("q10", TestTasks.CONSUME, 0, 0))) {
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(function.expectedValues(produce));
        }
        // The consumer deleted the file once mapped: nothing is left in the shared-memory directory.
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(shared)) {
            assertThat(files).isEmpty();
        }

        // A worker without a shared-memory directory is read over Flight instead, and remembered as such.
        Worker workerC = track(Worker.start(new WorkerConfig("c", 0, 2, WORKER_MEMORY), rootAllocator, function));
        WorkerClient clientC = clientOf(workerC);
        TaskDescriptor produceOnC = task("q11", TestTasks.PRODUCE, 0, 0);
        run(clientC, produceOnC);
        for (int attempt = 0; attempt < 2; attempt++) {
            TaskResult read = run(clientB, task("q11", TestTasks.CONSUME, attempt, 0,
                    List.of(new BufferSplit("c", workerC.address(), produceOnC.outputBuffer(0)))));
            assertThat(read.bytesFetchedRemotely()).isPositive();
            assertThat(read.bytesSharedLocally()).isZero();
        }
        clientA.releaseQuery("q10");
        clientB.releaseQuery("q10");
        clientB.releaseQuery("q11");
        clientC.releaseQuery("q11");
    }

    @Test
    void filesNoReaderTookAreDeletedWithTheirQuery(@org.junit.jupiter.api.io.TempDir java.nio.file.Path shared)
            throws Exception {
        TestTasks function = new TestTasks();
        Worker worker = track(Worker.start(new WorkerConfig("a", 0, 2, WORKER_MEMORY).withSharedMemory(shared),
                rootAllocator, function));
        WorkerClient client = clientOf(worker);
        TaskDescriptor produce = task("q12", TestTasks.PRODUCE, 0, 0);
        run(client, produce);
        try (org.apache.arrow.flight.FlightClient flight = WorkerAddresses.client(rootAllocator, worker.address())) {
            var results = flight.doAction(new org.apache.arrow.flight.Action(WorkerActions.EXPORT_SHARED_MEMORY,
                    produce.outputBuffer(0).toTicketText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            java.nio.file.Path file = java.nio.file.Path.of(new String(results.next().getBody(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(file.getParent()).isEqualTo(shared);
            assertThat(file).exists();
            client.releaseQuery("q12");
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void unknownBufferIsNotFound() {
        Worker worker = startWorker("a", 1, new TestTasks());
        WorkerClient client = clientOf(worker);
        BufferAllocator reader = readerAllocator();
        BufferId unknown = new BufferId("nope", 7, 3, 1);

        try (BatchStream stream = client.fetch(unknown)) {
            assertThatThrownBy(() -> stream.next(reader))
                    .isInstanceOfSatisfying(WorkerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(FlightStatusCode.NOT_FOUND);
                        assertThat(e.notFound()).isTrue();
                    })
                    .hasMessageContaining("nope/7/3/1");
        }
        try (ExchangeReader local = worker.server().exchangeClient().newReader()) {
            assertThatThrownBy(() -> local.open(new BufferSplit("a", worker.address(), unknown)))
                    .isInstanceOf(WorkerException.class)
                    .hasMessageContaining("nope/7/3/1");
        }
    }

    @Test
    void failingTaskReportsItsMessageAndTheWorkerKeepsServing() throws Exception {
        TestTasks function = new TestTasks();
        Worker worker = startWorker("a", 1, function);
        WorkerClient client = clientOf(worker);

        WorkerException failure = failureOf(client.runTask(task("q3", TestTasks.FAIL, 0, 0)));
        assertThat(failure).hasMessage(TestTasks.FAILURE_MESSAGE);
        assertThat(failure.statusCode()).isEqualTo(FlightStatusCode.INTERNAL);
        assertThat(worker.bufferStore().bufferCount()).isZero();

        WorkerException unknownStage = failureOf(client.runTask(task("q3", 99, 0, 0)));
        assertThat(unknownStage.statusCode()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
        assertThat(unknownStage).hasMessage("unknown test stage 99");

        WorkerException dataError = failureOf(client.runTask(task("q3", TestTasks.DATA_ERROR, 0, 0)));
        assertThat(dataError.statusCode()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
        assertThat(dataError).hasMessage("division by zero");

        TaskResult result = run(client, task("q3", TestTasks.PRODUCE, 0, 0));
        assertThat(result.outputRows()).isEqualTo(200);
        assertThat(client.status().busySlots()).isZero();
    }

    @Test
    void exceedingTheMemoryLimitIsResourceExhausted() throws Exception {
        Worker worker = startWorker("a", 1, new TestTasks());
        WorkerClient client = clientOf(worker);

        WorkerException failure = failureOf(client.runTask(task("q4", TestTasks.EXCEED_MEMORY, 0, 0)));
        assertThat(failure.statusCode()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
        assertThat(failure.memoryLimitExceeded()).isTrue();
        assertThat(failure.getMessage()).isNotBlank().doesNotContain("\tat ");
        assertThat(worker.allocator().getAllocatedMemory()).isZero();

        WorkerException taskLimit = failureOf(client.runTask(task("q4", TestTasks.TASK_MEMORY_LIMIT, 0, 0)));
        assertThat(taskLimit.memoryLimitExceeded()).isTrue();
        assertThat(taskLimit.getMessage()).startsWith("memory limit exceeded: task task-0");
        assertThat(run(client, task("q4", TestTasks.PRODUCE, 0, 0)).outputRows()).isEqualTo(200);
    }

    @Test
    void releaseQueryFreesItsMemory() throws Exception {
        Worker worker = startWorker("a", 2, new TestTasks());
        WorkerClient client = clientOf(worker);
        BufferAllocator reader = readerAllocator();

        run(client, task("q5", TestTasks.PRODUCE, 0, 0));
        run(client, task("q5", TestTasks.PRODUCE, 1, 0));
        run(client, task("other", TestTasks.PRODUCE, 0, 0));
        long otherBytes = worker.bufferStore().bytesHeld("other");
        assertThat(worker.bufferStore().bytesHeld("q5")).isPositive();
        assertThat(client.status().bufferBytesHeld()).isEqualTo(worker.bufferStore().bytesHeld());

        client.releaseQuery("q5");
        assertThat(worker.bufferStore().bytesHeld("q5")).isZero();
        assertThat(worker.bufferStore().queryIds()).containsExactly("other");
        assertThat(client.status().bufferBytesHeld()).isEqualTo(otherBytes);
        try (BatchStream stream = client.fetch(new BufferId("q5", TestTasks.PRODUCE, 0, 0))) {
            assertThatThrownBy(() -> stream.next(reader)).isInstanceOf(WorkerException.class)
                    .hasMessageContaining("not found");
        }

        client.releaseQuery("other");
        assertThat(worker.bufferStore().bytesHeld()).isZero();
        assertThat(worker.allocator().getAllocatedMemory()).isZero();
        assertThat(client.status().memoryAllocatedBytes()).isZero();
    }

    @Test
    void releasedBufferStaysReadableUntilTheReaderIsDone() throws Exception {
        TestTasks function = new TestTasks();
        Worker worker = startWorker("a", 1, function);
        WorkerClient client = clientOf(worker);
        BufferAllocator reader = readerAllocator();
        TaskDescriptor produce = task("q6", TestTasks.PRODUCE, 0, 0);
        run(client, produce);
        BufferSplit split = new BufferSplit("a", worker.address(), produce.outputBuffer(0));
        List<Integer> expected = function.expectedValues(produce);

        try (ExchangeReader local = worker.server().exchangeClient().newReader();
                BatchStream stream = local.open(split)) {
            VectorSchemaRoot first = stream.next(reader);
            worker.server().releaseQuery("q6");
            assertThat(worker.bufferStore().bytesHeld()).isZero();
            // The loaded root keeps its (shared) buffers; their accounting moved to the reader's allocator.
            try (first) {
                assertThat(TestTasks.values(first)).isEqualTo(expected.subList(0, 100));
                assertThat(reader.getAllocatedMemory()).isPositive();
            }
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(expected.subList(100, 200));
        }
        assertThat(reader.getAllocatedMemory()).isZero();
        assertThat(worker.allocator().getAllocatedMemory()).isZero();
    }

    @Test
    void statusReportsSlotsAndMemory() {
        Worker worker = startWorker("a", 3, new TestTasks());
        WorkerClient client = clientOf(worker);

        WorkerStatus status = client.status();
        assertThat(status.workerId()).isEqualTo("a");
        assertThat(status.address()).isEqualTo(worker.address()).isEqualTo("127.0.0.1:" + worker.port());
        assertThat(worker.port()).isPositive();
        assertThat(status.totalSlots()).isEqualTo(3);
        assertThat(status.busySlots()).isZero();
        assertThat(status.queuedTasks()).isZero();
        assertThat(status.memoryLimitBytes()).isEqualTo(WORKER_MEMORY);
        assertThat(status.runningTaskIds()).isEmpty();
    }

    @Test
    void moreTasksThanSlotsAreQueuedAndAllComplete() throws Exception {
        TestTasks function = new TestTasks();
        Worker worker = startWorker("a", 2, function);
        WorkerClient client = clientOf(worker);

        List<CompletableFuture<TaskResult>> futures = new ArrayList<>();
        for (int index = 0; index < 6; index++) {
            futures.add(client.runTask(task("q7", TestTasks.BLOCK, index, 0)));
        }
        await("two tasks run and four wait", () -> {
            WorkerStatus status = worker.status();
            return status.busySlots() == 2 && status.queuedTasks() == 4;
        });
        WorkerStatus status = client.status();
        assertThat(status.runningTaskIds()).hasSize(2).allMatch(id -> id.startsWith("q7/s4/t"));
        assertThat(function.started.get()).isEqualTo(2);

        function.release.countDown();
        Set<Integer> taskIndexes = new HashSet<>();
        for (CompletableFuture<TaskResult> future : futures) {
            TaskResult result = future.get(30, TimeUnit.SECONDS);
            assertThat(result.outputRows()).isEqualTo(200);
            taskIndexes.add(result.taskIndex());
        }
        assertThat(taskIndexes).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(function.maxRunning.get()).isEqualTo(2);
        assertThat(worker.bufferStore().bufferCount()).isEqualTo(6);
        WorkerStatus idle = client.status();
        assertThat(idle.busySlots()).isZero();
        assertThat(idle.queuedTasks()).isZero();
    }

    @Test
    void cancelQueryStopsItsRunningAndQueuedTasks() throws Exception {
        TestTasks function = new TestTasks();
        Worker worker = startWorker("a", 1, function);
        WorkerClient client = clientOf(worker);

        CompletableFuture<TaskResult> running = client.runTask(task("q8", TestTasks.UNTIL_CANCELLED, 0, 0));
        await("the task runs", () -> worker.status().busySlots() == 1);
        CompletableFuture<TaskResult> queued = client.runTask(task("q8", TestTasks.PRODUCE, 1, 0));
        await("the second task waits", () -> worker.status().queuedTasks() == 1);

        client.cancelQuery("q8");
        WorkerException runningFailure = failureOf(running);
        assertThat(runningFailure.statusCode()).isEqualTo(FlightStatusCode.CANCELLED);
        assertThat(runningFailure).hasMessage("task 0 cancelled");
        assertThat(failureOf(queued).statusCode()).isEqualTo(FlightStatusCode.CANCELLED);
        assertThat(function.started.get()).isEqualTo(1);
        assertThat(run(client, task("q9", TestTasks.PRODUCE, 0, 0)).outputRows()).isEqualTo(200);
    }

    @Test
    void rerunAttemptReplacesTheOutputOfTheEarlierAttempt() throws Exception {
        TestTasks function = new TestTasks();
        Worker worker = startWorker("a", 1, function);
        WorkerClient client = clientOf(worker);
        BufferAllocator reader = readerAllocator();

        run(client, task("q10", TestTasks.PRODUCE, 0, 0));
        long firstBytes = worker.bufferStore().bytesHeld();
        function.batchCount = 3;
        TaskDescriptor retry = task("q10", TestTasks.PRODUCE, 0, 1);
        run(client, retry);

        assertThat(worker.bufferStore().bufferCount()).isEqualTo(1);
        assertThat(worker.bufferStore().bytesHeld()).isGreaterThan(firstBytes);
        try (BatchStream stream = client.fetch(retry.outputBuffer(0))) {
            assertThat(TestTasks.readAll(stream, reader)).isEqualTo(function.expectedValues(retry));
        }
    }

    @Test
    void manyBatchesStreamRemotelyUnderBackPressure() throws Exception {
        TestTasks function = new TestTasks();
        function.batchCount = 300;
        function.rowsPerBatch = 4_000;
        Worker workerA = startWorker("a", 1, function);
        Worker workerB = startWorker("b", 1, function);
        WorkerClient clientA = clientOf(workerA);
        BufferAllocator reader = readerAllocator();
        TaskDescriptor produce = task("q11", TestTasks.PRODUCE, 0, 0);
        run(clientA, produce);

        try (ExchangeReader remote = workerB.server().exchangeClient().newReader();
                BatchStream stream = remote.open(new BufferSplit("a", workerA.address(), produce.outputBuffer(0)))) {
            int batches = 0;
            long rows = 0;
            VectorSchemaRoot next;
            while ((next = stream.next(reader)) != null) {
                try (VectorSchemaRoot root = next) {
                    rows += root.getRowCount();
                    batches++;
                    if (batches % 50 == 0) {
                        Thread.sleep(20);
                    }
                }
            }
            assertThat(batches).isEqualTo(300);
            assertThat(rows).isEqualTo(1_200_000);
        }
        // A reader that stops early cancels the stream; the server keeps serving.
        try (BatchStream stream = clientA.fetch(produce.outputBuffer(0))) {
            stream.next(reader).close();
        }
        try (BatchStream stream = clientA.fetch(produce.outputBuffer(0))) {
            assertThat(TestTasks.readAll(stream, reader)).hasSize(1_200_000);
        }
    }

    @Test
    void closeLetsRunningTasksFinishAndRefusesQueuedOnes() throws Exception {
        TestTasks function = new TestTasks();
        Worker worker = Worker.start(new WorkerConfig("a", 0, 1, WORKER_MEMORY), rootAllocator, function);
        WorkerClient client = clientOf(worker);

        CompletableFuture<TaskResult> running = client.runTask(task("q12", TestTasks.BLOCK, 0, 0));
        await("the task runs", () -> worker.status().busySlots() == 1);
        CompletableFuture<TaskResult> queued = client.runTask(task("q12", TestTasks.PRODUCE, 1, 0));
        await("the second task waits", () -> worker.status().queuedTasks() == 1);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(worker::close);
        Thread.sleep(100);
        assertThat(closed).isNotDone();
        function.release.countDown();

        assertThat(running.get(30, TimeUnit.SECONDS).outputRows()).isEqualTo(200);
        assertThat(failureOf(queued).statusCode()).isEqualTo(FlightStatusCode.UNAVAILABLE);
        closed.get(30, TimeUnit.SECONDS);
        assertThat(worker.allocator().getAllocatedMemory()).isZero();
    }
}
