package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.ClusterStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-second timeline of the cluster's slot allocation, kept by the coordinator for the console's cluster page: the
 * workers' busy slots are sampled four times a second and averaged over each second; the last ten minutes are kept.
 */
public final class SlotTimeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlotTimeline.class);
    private static final int SAMPLES_PER_SECOND = 4;
    private static final int KEPT_SECONDS = 600;

    private final Cluster cluster;
    private final ScheduledExecutorService sampler;
    private final Deque<SlotSample> samples = new ArrayDeque<>();
    private Instant currentSecond;
    private int currentTotalSlots;
    private double currentBusySum;
    private int currentCount;

    /** A timeline that samples nothing until {@link #start} schedules it (tests feed it with {@link #add}). */
    SlotTimeline(Cluster cluster) {
        this.cluster = cluster;
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "proteus-slot-timeline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling the cluster. */
    public static SlotTimeline start(Cluster cluster) {
        SlotTimeline timeline = new SlotTimeline(requireNonNull(cluster, "cluster"));
        long period = 1000 / SAMPLES_PER_SECOND;
        timeline.sampler.scheduleAtFixedRate(timeline::sample, 0, period, TimeUnit.MILLISECONDS);
        return timeline;
    }

    private void sample() {
        ClusterStatus status;
        try {
            status = cluster.status();
        } catch (RuntimeException e) {
            LOG.debug("cannot read the workers' slots", e);
            return;
        }
        add(Instant.now(), status.totalSlots(), status.totalSlots() - status.freeSlots());
    }

    /** Adds one observation of busy slots; closes the previous second when a new one starts. */
    synchronized void add(Instant time, int totalSlots, int busySlots) {
        Instant second = time.truncatedTo(ChronoUnit.SECONDS);
        if (currentSecond != null && !second.equals(currentSecond)) {
            closeSecond();
        }
        if (currentSecond == null) {
            currentSecond = second;
            currentBusySum = 0;
            currentCount = 0;
        }
        currentTotalSlots = totalSlots;
        currentBusySum += busySlots;
        currentCount++;
    }

    private void closeSecond() {
        double busy = currentBusySum / currentCount;
        samples.addLast(new SlotSample(currentSecond, currentTotalSlots, busy, 0, Math.max(0, currentTotalSlots - busy)));
        while (samples.size() > KEPT_SECONDS) {
            samples.removeFirst();
        }
        currentSecond = null;
    }

    /** The completed seconds, oldest first. */
    public synchronized List<SlotSample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
