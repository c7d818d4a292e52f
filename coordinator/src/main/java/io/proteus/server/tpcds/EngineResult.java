package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How one engine did on one benchmark query: the times of its measured runs, or the error that stopped it.
 *
 * @param engine the engine name, such as {@code "proteus"} or {@code "duckdb"}
 * @param runs the times of the measured runs (without the warm-up run)
 * @param error the first error, if a run failed; an engine with an error has no median
 */
public record EngineResult(String engine, List<Duration> runs, Optional<String> error) {

    public EngineResult {
        requireNonNull(engine, "engine");
        runs = List.copyOf(runs);
        requireNonNull(error, "error");
    }

    /** Returns a result with measured runs and no error. */
    public static EngineResult measured(String engine, List<Duration> runs) {
        return new EngineResult(engine, runs, Optional.empty());
    }

    /** Returns the result of an engine that failed. */
    public static EngineResult failed(String engine, String error) {
        return new EngineResult(engine, List.of(), Optional.of(error));
    }

    /** Returns whether every run succeeded and there was at least one. */
    public boolean succeeded() {
        return error.isEmpty() && !runs.isEmpty();
    }

    /** Returns the median run time in seconds (the mean of the middle two for an even count), if it succeeded. */
    public OptionalDouble medianSeconds() {
        if (!succeeded()) {
            return OptionalDouble.empty();
        }
        List<Double> seconds = new ArrayList<>();
        runs.forEach(run -> seconds.add(run.toNanos() / 1e9));
        seconds.sort(null);
        int middle = seconds.size() / 2;
        return OptionalDouble.of(seconds.size() % 2 == 1
                ? seconds.get(middle)
                : (seconds.get(middle - 1) + seconds.get(middle)) / 2);
    }
}
