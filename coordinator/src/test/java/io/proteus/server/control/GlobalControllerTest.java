package io.proteus.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.server.cluster.Cluster;
import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.spi.decision.WorkerSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The global controller as pure bookkeeping: grants, priority order, preemption of background work, withdrawal. */
class GlobalControllerTest {

    /** A worker that records the tasks it was sent and completes them when the test says so. */
    private static final class FakeWorker implements WorkerEndpoint {
        final String workerId;
        final int slots;
        final List<CompletableFuture<TaskResult>> sent = new CopyOnWriteArrayList<>();
        final List<String> released = new CopyOnWriteArrayList<>();

        FakeWorker(String workerId, int slots) {
            this.workerId = workerId;
            this.slots = slots;
        }

        @Override
        public String workerId() {
            return workerId;
        }

        @Override
        public String address() {
            return "127.0.0.1:1";
        }

        @Override
        public int slots() {
            return slots;
        }

        @Override
        public CompletableFuture<TaskResult> runTask(TaskDescriptor task) {
            CompletableFuture<TaskResult> future = new CompletableFuture<>();
            sent.add(future);
            return future;
        }

        @Override
        public BatchStream fetch(BufferId bufferId) {
            throw new UnsupportedOperationException("the controller only dispatches tasks; it never reads buffers");
        }

        @Override
        public void releaseQuery(String queryId) {
            released.add(queryId);
        }

        @Override
        public WorkerSlots status() {
            return new WorkerSlots(workerId, slots, slots, 1 << 30, 0);
        }
    }

    private static GlobalController controller(FakeWorker... workers) {
        List<WorkerEndpoint> list = List.of(workers);
        Cluster cluster = () -> list;
        return new GlobalController(cluster);
    }

    @Test
    void grantsFreeSlotsAtOnceAndQueuesTheRest() {
        GlobalController controller = controller(new FakeWorker("w0", 2));
        SlotClaim first = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        SlotClaim second = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        SlotClaim third = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        assertThat(first.granted()).isCompletedWithValue("w0");
        assertThat(second.granted()).isCompletedWithValue("w0");
        assertThat(third.granted()).isNotDone();
        assertThat(controller.usage()).isEqualTo(new SlotUsage(2, 2, 0, 0, 1, 0, 2, 0));
        controller.release(first);
        assertThat(third.granted()).isCompletedWithValue("w0");
        controller.release(first); // twice: nothing happens
        assertThat(controller.usage().querySlots()).isEqualTo(2);
    }

    @Test
    void higherPriorityClaimsAreServedFirst() {
        GlobalController controller = controller(new FakeWorker("w0", 1));
        SlotClaim holder = controller.claim("q0", Priority.BATCH, "w0", null);
        SlotClaim background = controller.claim("inv-1", Priority.BACKGROUND, null, worker -> { });
        SlotClaim batch = controller.claim("q1", Priority.BATCH, "w0", null);
        SlotClaim interactive = controller.claim("q2", Priority.INTERACTIVE, "w0", null);
        assertThat(List.of(background.granted(), batch.granted(), interactive.granted())).noneMatch(CompletableFuture::isDone);

        controller.release(holder);
        assertThat(interactive.granted()).isCompletedWithValue("w0");
        assertThat(batch.granted()).isNotDone();
        controller.release(interactive);
        assertThat(batch.granted()).isCompletedWithValue("w0");
        assertThat(background.granted()).isNotDone();
        controller.release(batch);
        assertThat(background.granted()).isCompletedWithValue("w0");
    }

    @Test
    void queriesPreemptBackgroundFunctionsAndGetTheirSlots() {
        GlobalController controller = controller(new FakeWorker("w0", 2));
        List<String> preempted = new ArrayList<>();
        SlotClaim older = controller.claim("inv-1", Priority.BACKGROUND, null, worker -> preempted.add("inv-1@" + worker));
        SlotClaim newer = controller.claim("inv-2", Priority.BACKGROUND, null, worker -> preempted.add("inv-2@" + worker));
        assertThat(older.granted()).isCompletedWithValue("w0");
        assertThat(newer.granted()).isCompletedWithValue("w0");
        SlotClaim waitingBackground = controller.claim("inv-3", Priority.BACKGROUND, null, worker -> { });

        SlotClaim query = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        // The query gets the slot at once; the most recent background function is asked to stop and winds down.
        assertThat(query.granted()).isCompletedWithValue("w0");
        assertThat(preempted).containsExactly("inv-2@w0");
        assertThat(newer.preempted()).isTrue();
        assertThat(older.preempted()).isFalse();
        assertThat(controller.usage()).extracting(SlotUsage::querySlots, SlotUsage::backgroundSlots,
                SlotUsage::backgroundStopping).containsExactly(1, 1, 1);

        SlotClaim secondQuery = controller.claim("q1", Priority.BATCH, "w0", null);
        assertThat(secondQuery.granted()).isCompletedWithValue("w0");
        assertThat(preempted).containsExactly("inv-2@w0", "inv-1@w0");
        SlotClaim third = controller.claim("q1", Priority.BATCH, "w0", null);
        assertThat(preempted).hasSize(2); // nothing more to preempt
        assertThat(third.granted()).isNotDone();

        // The stopped functions give back nothing the queries hold; the third query claim waits for a query's slot.
        controller.release(newer);
        controller.release(older);
        assertThat(controller.usage().backgroundStopping()).isZero();
        assertThat(third.granted()).isNotDone();
        controller.release(query);
        assertThat(third.granted()).isCompletedWithValue("w0");
        assertThat(waitingBackground.granted()).isNotDone();
        assertThat(controller.usage().preemptions()).isEqualTo(2);
    }

    @Test
    void onSharedCoresBackgroundFunctionsUseOnlyIdleCoresAndGiveThemToQueries() {
        // Two workers of two slots each on a machine of two cores, as the embedded cluster on a 2-core host.
        List<WorkerEndpoint> workers = List.of(new FakeWorker("w0", 2), new FakeWorker("w1", 2));
        GlobalController controller = new GlobalController(() -> workers, 2);
        List<String> preempted = new ArrayList<>();
        SlotClaim first = controller.claim("inv-1", Priority.BACKGROUND, null, worker -> preempted.add("inv-1"));
        SlotClaim second = controller.claim("inv-2", Priority.BACKGROUND, null, worker -> preempted.add("inv-2"));
        SlotClaim third = controller.claim("inv-3", Priority.BACKGROUND, null, worker -> preempted.add("inv-3"));
        // Four idle slots but two cores: the third function waits for a core.
        assertThat(first.granted()).isDone();
        assertThat(second.granted()).isDone();
        assertThat(third.granted()).isNotDone();

        // A query's task takes a free slot, and the newest background function gives up its core.
        SlotClaim task = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        assertThat(task.granted()).isCompletedWithValue("w0");
        assertThat(preempted).containsExactly("inv-2");
        // Until the preempted function has stopped, its core counts as used: nothing new starts.
        assertThat(third.granted()).isNotDone();
        controller.release(second);
        assertThat(third.granted()).isNotDone(); // the query and inv-1 use both cores
        controller.release(first);
        // A core is idle now, but the query's task runs on these shared cores: no new function starts beside it.
        assertThat(third.granted()).isNotDone();
        controller.release(task);
        assertThat(third.granted()).isDone(); // the query's gap is filled
        assertThat(controller.usage()).extracting(SlotUsage::querySlots, SlotUsage::backgroundSlots).containsExactly(0, 1);
        assertThatThrownBy(() -> new GlobalController(() -> workers, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queriesNeverPreemptQueries() {
        GlobalController controller = controller(new FakeWorker("w0", 1));
        SlotClaim batch = controller.claim("q1", Priority.BATCH, "w0", null);
        SlotClaim interactive = controller.claim("q2", Priority.INTERACTIVE, "w0", null);
        assertThat(batch.preempted()).isFalse();
        assertThat(interactive.granted()).isNotDone();
    }

    @Test
    void backgroundClaimsAreHeldBackWhileAQueryWaits() {
        GlobalController controller = controller(new FakeWorker("w0", 1), new FakeWorker("w1", 1));
        controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        SlotClaim waiting = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        SlotClaim background = controller.claim("inv-1", Priority.BACKGROUND, null, worker -> { });
        assertThat(background.granted()).isNotDone();
        controller.withdraw("q1");
        assertThat(waiting.granted()).isCompletedExceptionally();
        assertThat(background.granted()).isCompletedWithValue("w1");
    }

    @Test
    void backgroundClaimsGoToTheWorkerWithMostIdleSlots() {
        GlobalController controller = controller(new FakeWorker("w0", 2), new FakeWorker("w1", 2));
        controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        SlotClaim background = controller.claim("inv-1", Priority.BACKGROUND, null, worker -> { });
        assertThat(background.granted()).isCompletedWithValue("w1");
    }

    @Test
    void withdrawingACancelledQueryDropsItsWaitingClaimsOnly() {
        GlobalController controller = controller(new FakeWorker("w0", 1));
        SlotClaim running = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        SlotClaim waiting = controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        SlotClaim other = controller.claim("q2", Priority.BATCH, "w0", null);
        assertThat(controller.withdraw("q1")).isEqualTo(1);
        assertThatThrownBy(() -> waiting.granted().join()).hasCauseInstanceOf(CancellationException.class);
        assertThat(waiting.state()).isEqualTo(SlotClaim.State.WITHDRAWN);
        // The running task keeps its slot until it ends.
        assertThat(running.state()).isEqualTo(SlotClaim.State.GRANTED);
        assertThat(other.granted()).isNotDone();
        controller.release(running);
        assertThat(other.granted()).isCompletedWithValue("w0");
    }

    @Test
    void aClaimForAWorkerThatLeftFails() {
        GlobalController controller = controller(new FakeWorker("w0", 1));
        SlotClaim claim = controller.claim("q1", Priority.INTERACTIVE, "w9", null);
        assertThatThrownBy(() -> claim.granted().join()).hasMessageContaining("w9 is no longer in the cluster");
    }

    @Test
    void aQuerysWorkersSendTasksOnlyInGrantedSlotsAndReleaseThemWhenTasksEnd() {
        FakeWorker worker = new FakeWorker("w0", 2);
        GlobalController controller = controller(worker);
        Cluster view = controller.clusterFor("q1", Priority.INTERACTIVE);
        WorkerEndpoint endpoint = view.worker("w0");
        List<CompletableFuture<TaskResult>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(endpoint.runTask(null));
        }
        // Two slots, two tasks on the worker; the third waits for a grant.
        assertThat(worker.sent).hasSize(2);
        assertThat(view.status().workers().getFirst().freeSlots()).isZero();
        worker.sent.getFirst().completeExceptionally(new IllegalStateException("task failed"));
        assertThat(tasks.getFirst()).isCompletedExceptionally();
        assertThat(worker.sent).hasSize(3);

        // A second query's claim waits; cancelling it (release on every worker) withdraws it before it reaches the worker.
        WorkerEndpoint other = controller.clusterFor("q2", Priority.BATCH).worker("w0");
        CompletableFuture<TaskResult> waiting = other.runTask(null);
        other.releaseQuery("q2");
        assertThat(waiting).isCompletedExceptionally();
        assertThat(worker.released).containsExactly("q2");
        worker.sent.forEach(future -> future.complete(null));
        assertThat(worker.sent).hasSize(3);
        assertThat(controller.usage().querySlots()).isZero();
    }

    @Test
    void decisionsCountSlotsOfBackgroundFunctionsAsFree() {
        GlobalController controller = controller(new FakeWorker("w0", 3));
        controller.claim("inv-1", Priority.BACKGROUND, null, worker -> { });
        controller.claim("q1", Priority.INTERACTIVE, "w0", null);
        assertThat(controller.status().workers().getFirst().freeSlots()).isEqualTo(2);
        assertThat(controller.usage().idleSlots()).isEqualTo(1);
        assertThat(Priority.parse("Batch")).isEqualTo(Priority.BATCH);
        assertThatThrownBy(() -> Priority.parse("urgent")).isInstanceOf(IllegalArgumentException.class);
    }
}
