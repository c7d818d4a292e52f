package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * How far a query has come, from the coordinator: returned by {@link ProteusStatement#progress()}, for progress bars.
 * Proteus decides a query's stages while it runs, so the numbers of stages and tasks grow until it ends.
 *
 * @param queryId the coordinator's query id
 * @param state {@code RUNNING}, {@code FINISHED}, {@code FAILED} or {@code CANCELLED}
 * @param elapsedSeconds seconds since the query started
 * @param stagesFinished stages run to the end
 * @param stagesRunning stages running now (0 or 1)
 * @param tasksFinished tasks finished, over all stages
 * @param tasksScheduled tasks started so far, over all stages
 * @param runningStage what the running stage computes, empty between stages
 * @param resultRows result rows sent to the client so far
 */
public record QueryProgress(String queryId, String state, double elapsedSeconds, int stagesFinished, int stagesRunning,
        int tasksFinished, int tasksScheduled, Optional<String> runningStage, long resultRows) {

    public QueryProgress {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(state, "state is null");
        requireNonNull(runningStage, "runningStage is null");
    }

    /** True once the query finished, failed or was cancelled. */
    public boolean done() {
        return !state.equals("RUNNING") && !state.equals("PLANNED");
    }

    /** The share of scheduled tasks that finished, from 0 to 1 (1 when none was scheduled yet and the query is done). */
    public double taskFraction() {
        if (tasksScheduled == 0) {
            return done() ? 1 : 0;
        }
        return Math.min(1, (double) tasksFinished / tasksScheduled);
    }

    /** Reads the JSON document of the coordinator's {@code proteus.query-progress} action. */
    static QueryProgress fromJson(JsonNode json) {
        return new QueryProgress(QueryRuntimeInformation.text(json, "queryId"), QueryRuntimeInformation.text(json, "state"),
                json.path("elapsedSeconds").asDouble(), json.path("stagesFinished").asInt(), json.path("stagesRunning").asInt(),
                json.path("tasksFinished").asInt(), json.path("tasksScheduled").asInt(),
                QueryRuntimeInformation.optionalText(json, "runningStage"), json.path("resultRows").asLong());
    }
}
