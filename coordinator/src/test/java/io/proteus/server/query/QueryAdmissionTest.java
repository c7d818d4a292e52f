package io.proteus.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.server.control.Priority;
import io.proteus.sql.ProteusSqlException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster's admission queue: a limit of running queries, by priority then first come first served, and no failure for waiting. */
class QueryAdmissionTest {

    private static final BooleanSupplier CLIENT_STAYS = () -> false;

    /** One thread per waiting query, as each query waits on its own client's thread. */
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        clients.shutdownNow();
    }

    @Test
    void queriesBeyondTheLimitWaitInOrderAndStartAsRunningOnesEnd() throws Exception {
        QueryAdmission admission = new QueryAdmission(1);
        admission.enter("first", CLIENT_STAYS);
        List<String> started = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            admission.enter("second", CLIENT_STAYS);
            started.add("second");
        }, clients);
        awaitQueued(admission, 1);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            admission.enter("third", CLIENT_STAYS);
            started.add("third");
        }, clients);
        awaitQueued(admission, 2);
        assertThat(started).isEmpty();
        admission.leave();
        second.get(5, TimeUnit.SECONDS);
        assertThat(started).containsExactly("second");
        assertThat(admission.queued()).isEqualTo(1);
        admission.leave();
        third.get(5, TimeUnit.SECONDS);
        assertThat(started).containsExactly("second", "third");
        assertThat(admission.waitedSoFar()).isEqualTo(2);
        assertThat(admission.running()).isEqualTo(1);
    }

    @Test
    void higherPrioritiesStartFirstAndArrivalOrdersEachPriority() throws Exception {
        QueryAdmission admission = new QueryAdmission(1);
        admission.enter("running", CLIENT_STAYS);
        List<String> started = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        String[][] arrivals = {{"batch-1", "BATCH"}, {"background-1", "BACKGROUND"}, {"interactive-1", "INTERACTIVE"},
                {"batch-2", "BATCH"}, {"interactive-2", "INTERACTIVE"}};
        for (String[] arrival : arrivals) {
            waiting.add(CompletableFuture.runAsync(() -> {
                admission.enter(arrival[0], Priority.valueOf(arrival[1]), CLIENT_STAYS);
                started.add(arrival[0]);
            }, clients));
            awaitQueued(admission, waiting.size());
        }
        for (int index = 0; index < arrivals.length; index++) {
            admission.leave();
            int expected = index + 1;
            awaitStarted(started, expected);
        }
        assertThat(started).containsExactly("interactive-1", "interactive-2", "batch-1", "batch-2", "background-1");
        for (CompletableFuture<Void> query : waiting) {
            query.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aQueuedQueryLeavesTheQueueWhenCancelledOrItsClientGoesAway() throws Exception {
        QueryAdmission admission = new QueryAdmission(1);
        admission.enter("running", CLIENT_STAYS);
        CompletableFuture<Void> cancelled = CompletableFuture.runAsync(() -> admission.enter("cancelled", CLIENT_STAYS), clients);
        awaitQueued(admission, 1);
        assertThat(admission.cancel("cancelled")).isTrue();
        assertThatThrownBy(() -> cancelled.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ProteusSqlException.class)
                .hasMessageContaining("cancelled while queued");
        CompletableFuture<Void> abandoned = CompletableFuture.runAsync(() -> admission.enter("abandoned", () -> true), clients);
        assertThatThrownBy(() -> abandoned.get(5, TimeUnit.SECONDS)).hasMessageContaining("cancelled while queued");
        assertThat(admission.queued()).isZero();
        assertThat(admission.cancel("running")).as("only queued queries are cancelled here").isFalse();
        admission.leave();
        admission.enter("next", CLIENT_STAYS);
        assertThat(admission.running()).isEqualTo(1);
    }

    private static void awaitQueued(QueryAdmission admission, int queued) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (admission.queued() < queued) {
            assertThat(System.nanoTime()).as("queued in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitStarted(List<String> started, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (started.size() < count) {
            assertThat(System.nanoTime()).as("started in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
