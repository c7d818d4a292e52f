package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

import io.proteus.server.cluster.SlotSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the sharing experiment measured: the query's times alone and co-running with background chains, the slot
 * allocation per second of one run of each, and what the background load got done.
 *
 * @param settings how it ran
 * @param aloneSeconds the query's time in each run alone
 * @param sharedSeconds the query's time in each run shared with the background chains
 * @param aloneTimeline the slots per second of the last run alone, from {@code leadTime} before the query to after it
 * @param sharedTimeline the slots per second of the last shared run, from the start of the background load to its end
 * @param aloneQueryWindow seconds (from the timeline's start) in which the query ran alone: start and end
 * @param sharedQueryWindow seconds (from the timeline's start) in which the query ran shared: start and end
 * @param chainsFinished background chains that finished during the shared runs
 * @param preemptions background functions preempted during the shared runs
 * @param rowsMatch whether every run returned the same rows
 */
public record SharingReport(SharingSettings settings, List<Double> aloneSeconds, List<Double> sharedSeconds,
        List<SlotSample> aloneTimeline, List<SlotSample> sharedTimeline, double[] aloneQueryWindow,
        double[] sharedQueryWindow, long chainsFinished, long preemptions, boolean rowsMatch) {

    public SharingReport {
        requireNonNull(settings, "settings");
        aloneSeconds = List.copyOf(aloneSeconds);
        sharedSeconds = List.copyOf(sharedSeconds);
        aloneTimeline = List.copyOf(aloneTimeline);
        sharedTimeline = List.copyOf(sharedTimeline);
    }

    public double aloneMedian() {
        return median(aloneSeconds);
    }

    public double sharedMedian() {
        return median(sharedSeconds);
    }

    /** How much slower the query ran shared, as a fraction (0.05 is 5%). */
    public double slowdown() {
        return sharedMedian() / aloneMedian() - 1;
    }

    /** Writes {@code fig8.csv} (the shared run) and {@code fig8-alone.csv}: {@code second,query_slots,background_slots,idle_slots}. */
    public void writeCsv(Path directory) throws IOException {
        write(directory.resolve("fig8.csv"), sharedTimeline);
        write(directory.resolve("fig8-alone.csv"), aloneTimeline);
    }

    private static void write(Path file, List<SlotSample> timeline) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("second,query_slots,background_slots,idle_slots");
        Instant first = timeline.isEmpty() ? null : timeline.getFirst().time();
        for (SlotSample sample : timeline) {
            lines.add(String.format(Locale.ROOT, "%d,%.2f,%.2f,%.2f", Duration.between(first, sample.time()).toSeconds(),
                    sample.querySlots(), sample.backgroundSlots(), sample.idleSlots()));
        }
        Files.write(file, lines);
    }

    /** The printed summary. */
    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "query alone:  median %.3f s (runs: %s)", aloneMedian(), format(aloneSeconds)));
        lines.add(String.format(Locale.ROOT, "query shared: median %.3f s (runs: %s)", sharedMedian(), format(sharedSeconds)));
        lines.add(String.format(Locale.ROOT, "slowdown: %+.1f%% (%s 5%%)", slowdown() * 100,
                slowdown() <= 0.05 ? "within" : "over"));
        double query = 0;
        double background = 0;
        double idle = 0;
        for (SlotSample sample : sharedTimeline) {
            query += sample.querySlots();
            background += sample.backgroundSlots();
            idle += sample.idleSlots();
        }
        double total = Math.max(1e-9, query + background + idle);
        lines.add(String.format(Locale.ROOT, "shared run slots: query %.0f%%, background %.0f%%, idle %.0f%%; "
                        + "%d background chains finished, %d functions preempted", query / total * 100,
                background / total * 100, idle / total * 100, chainsFinished, preemptions));
        return lines;
    }

    private static String format(List<Double> seconds) {
        return String.join(" ", seconds.stream().map(value -> String.format(Locale.ROOT, "%.3f", value)).toList());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }
}
