package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

/**
 * One point of a paper figure: the medians of a configuration's measured runs at one data size.
 *
 * @param experiment the panel it belongs to, such as {@code size}, {@code workers-4} or {@code placement-pareto} (Fig. 4),
 *     or {@code tpcds} (Fig. 7)
 * @param dataSize the x value: the small table's size in MB (Fig. 4) or the TPC-DS scale factor (Fig. 7)
 * @param strategy the configuration measured: a strategy ({@code static-hash}, {@code static-merge}, {@code dynamic}) or,
 *     in the placement panel, a placement ({@code pack}, {@code round-robin})
 * @param seconds the median completion time in seconds, as the client saw it
 * @param cost the median resource cost in slot-seconds (the sum of the query's task times)
 */
public record PaperResult(String experiment, String dataSize, String strategy, double seconds, double cost) {

    public PaperResult {
        requireNonNull(experiment, "experiment");
        requireNonNull(dataSize, "dataSize");
        requireNonNull(strategy, "strategy");
        if (seconds < 0 || cost < 0) {
            throw new IllegalArgumentException("negative time or cost at " + experiment + " " + dataSize + " " + strategy);
        }
    }
}
