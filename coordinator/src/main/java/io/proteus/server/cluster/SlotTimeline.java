package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

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
 * A per-second timeline of the cluster's slot allocation, kept by the coordinator for the console's cluster page and
 * the sharing benchmark: the slots held by query tasks and by background functions (as the global controller grants
 * them) are sampled several times a second and averaged over each second; the last ten minutes are kept.
 */
public final class SlotTimeline implements AutoCloseable {

    /** Where the samples come from: the global controller's view of the slots. */
    @FunctionalInterface
    public interface Source {
        Reading read();
    }

    /**
     * One reading of the slots.
     *
     * @param totalSlots slots of all workers
     * @param querySlots slots held by query tasks
     * @param backgroundSlots slots held by background functions
     */
    public record Reading(int totalSlots, int querySlots, int backgroundSlots) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SlotTimeline.class);
    private static final int DEFAULT_SAMPLES_PER_SECOND = 4;
    private static final int KEPT_SECONDS = 600;

    private final Source source;
    private final ScheduledExecutorService sampler;
    private final Deque<SlotSample> samples = new ArrayDeque<>();
    private Instant currentSecond;
    private int currentTotalSlots;
    private double currentQuerySum;
    private double currentBackgroundSum;
    private int currentCount;

    /** A timeline that samples nothing until {@link #start} schedules it (tests feed it with {@link #add}). */
    SlotTimeline(Source source) {
        this.source = source;
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "proteus-slot-timeline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling the source four times a second. */
    public static SlotTimeline start(Source source) {
        return start(source, DEFAULT_SAMPLES_PER_SECOND);
    }

    /** Starts sampling the source the given number of times a second. */
    public static SlotTimeline start(Source source, int samplesPerSecond) {
        if (samplesPerSecond < 1 || samplesPerSecond > 1000) {
            throw new IllegalArgumentException("samples per second must be between 1 and 1000, not " + samplesPerSecond);
        }
        SlotTimeline timeline = new SlotTimeline(requireNonNull(source, "source"));
        long period = Math.max(1, 1000 / samplesPerSecond);
        timeline.sampler.scheduleAtFixedRate(timeline::sample, 0, period, TimeUnit.MILLISECONDS);
        return timeline;
    }

    private void sample() {
        Reading reading;
        try {
            reading = source.read();
        } catch (RuntimeException e) {
            LOG.debug("cannot read the slots", e);
            return;
        }
        add(Instant.now(), reading.totalSlots(), reading.querySlots(), reading.backgroundSlots());
    }

    /** Adds one observation of slots busy with queries only. */
    void add(Instant time, int totalSlots, int busySlots) {
        add(time, totalSlots, busySlots, 0);
    }

    /** Adds one observation; closes the previous second when a new one starts. */
    synchronized void add(Instant time, int totalSlots, int querySlots, int backgroundSlots) {
        Instant second = time.truncatedTo(ChronoUnit.SECONDS);
        if (currentSecond != null && !second.equals(currentSecond)) {
            closeSecond();
        }
        if (currentSecond == null) {
            currentSecond = second;
            currentQuerySum = 0;
            currentBackgroundSum = 0;
            currentCount = 0;
        }
        currentTotalSlots = totalSlots;
        currentQuerySum += querySlots;
        currentBackgroundSum += backgroundSlots;
        currentCount++;
    }

    private void closeSecond() {
        double query = currentQuerySum / currentCount;
        double background = currentBackgroundSum / currentCount;
        samples.addLast(new SlotSample(currentSecond, currentTotalSlots, query, background,
                Math.max(0, currentTotalSlots - query - background)));
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
