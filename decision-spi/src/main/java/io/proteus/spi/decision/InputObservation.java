package io.proteus.spi.decision;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observed data distribution of one input of a decision: what the upstream functions produced, per partition (and
 * thereby per worker). Estimated inputs (not yet run) have {@code observed} false and only the totals.
 */
public record InputObservation(String name, boolean observed, long rows, long bytes, List<PartitionObservation> partitions) {

    public InputObservation {
        requireNonNull(name, "name");
        partitions = List.copyOf(partitions);
    }

    /** Totals from partitions. */
    public static InputObservation of(String name, List<PartitionObservation> partitions) {
        long rows = partitions.stream().mapToLong(PartitionObservation::rows).sum();
        long bytes = partitions.stream().mapToLong(PartitionObservation::bytes).sum();
        return new InputObservation(name, true, rows, bytes, partitions);
    }

    /** An input that has not run yet, known only by the planner's estimate. */
    public static InputObservation estimated(String name, long rows, long bytes) {
        return new InputObservation(name, false, rows, bytes, List.of());
    }

    /** Bytes held per worker, in descending order. */
    public Map<String, Long> bytesPerWorker() {
        Map<String, Long> totals = new LinkedHashMap<>();
        partitions.stream()
                .sorted(Comparator.comparing(PartitionObservation::workerId))
                .forEach(partition -> totals.merge(partition.workerId(), partition.bytes(), Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /**
     * Skew: the share of all rows held by the largest 20% of partitions (at least one). 0.2 means uniform; values near
     * 1 mean a Pareto-like distribution where a few partitions hold almost everything. 0 when there are no rows.
     */
    public double skew() {
        if (partitions.isEmpty() || rows == 0) {
            return 0;
        }
        int top = Math.max(1, (int) Math.ceil(partitions.size() * 0.2));
        long topRows = partitions.stream()
                .mapToLong(PartitionObservation::rows)
                .boxed()
                .sorted(Comparator.reverseOrder())
                .limit(top)
                .mapToLong(Long::longValue)
                .sum();
        return (double) topRows / rows;
    }
}
