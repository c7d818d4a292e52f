package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the coordinator ran a query: its settings, totals and cost, the choice each decision node made and why, and
 * what each stage cost. Returned by {@link ProteusStatement#queryRuntimeInformation()}.
 *
 * @param queryId the coordinator's query id
 * @param state the query's state: {@code RUNNING}, {@code FINISHED}, {@code FAILED} or {@code CANCELLED}
 * @param sql the statement's text
 * @param strategy the decision strategy the query ran under (session property {@code strategy})
 * @param objective the decision objective (session property {@code objective})
 * @param priority the session's priority ({@code interactive}, {@code batch} or {@code background})
 * @param started when the query started running
 * @param finished when it ended, empty while it runs
 * @param planningSeconds time spent parsing, validating and optimising
 * @param elapsedSeconds wall time from start to end (or until now while it runs)
 * @param resultRows rows returned to the client
 * @param slotSeconds the query's cost: the sum of its tasks' times on function slots
 * @param bytesShuffled bytes its stages read from other workers over the network
 * @param bytesSharedLocally bytes its stages read from the same worker without copying
 * @param error the error message of a failed or cancelled query
 * @param decisions the decisions taken, in order
 * @param stages the stages run, in order
 */
public record QueryRuntimeInformation(
        String queryId,
        String state,
        String sql,
        String strategy,
        String objective,
        String priority,
        Instant started,
        Optional<Instant> finished,
        double planningSeconds,
        double elapsedSeconds,
        long resultRows,
        double slotSeconds,
        long bytesShuffled,
        long bytesSharedLocally,
        Optional<String> error,
        List<Decision> decisions,
        List<Stage> stages) {

    public QueryRuntimeInformation {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(state, "state is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(objective, "objective is null");
        requireNonNull(priority, "priority is null");
        requireNonNull(started, "started is null");
        requireNonNull(finished, "finished is null");
        requireNonNull(error, "error is null");
        decisions = List.copyOf(decisions);
        stages = List.copyOf(stages);
    }

    /**
     * One decision: the decision node that took it, at which point of the workflow, what it observed, and what it
     * chose (implementation, number of instances, placement) and why.
     *
     * @param nodeId the workflow node, such as {@code join-1}
     * @param point the kind of decision point ({@code JOIN}, {@code SCAN}, {@code AGGREGATE}, ...)
     * @param decisionNode the name of the decision node that decided
     * @param observed what it observed (input sizes, cluster state)
     * @param implementation the implementation it chose
     * @param instances the number of function instances
     * @param placement how the instances were placed
     * @param workers the workers chosen, if the node named them
     * @param reason why it chose so
     */
    public record Decision(String nodeId, String point, String decisionNode, String observed, String implementation,
            int instances, String placement, List<String> workers, String reason) {

        public Decision {
            requireNonNull(nodeId, "nodeId is null");
            requireNonNull(point, "point is null");
            requireNonNull(decisionNode, "decisionNode is null");
            requireNonNull(observed, "observed is null");
            requireNonNull(implementation, "implementation is null");
            requireNonNull(placement, "placement is null");
            workers = List.copyOf(workers);
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * What one stage cost.
     *
     * @param stageId the stage's number within the query
     * @param label what the stage computed, such as {@code join build} or {@code result}
     * @param decisionNodeId the workflow node whose decision shaped it, if any
     * @param implementation the implementation it ran
     * @param tasks its number of tasks
     * @param inputRows rows read
     * @param outputRows rows produced
     * @param outputBytes bytes produced
     * @param bytesFetchedRemotely bytes read from other workers
     * @param bytesSharedLocally bytes read from the same worker without copying
     * @param seconds its wall time
     * @param slotSeconds the sum of its tasks' times
     */
    public record Stage(int stageId, String label, Optional<String> decisionNodeId, String implementation, int tasks,
            long inputRows, long outputRows, long outputBytes, long bytesFetchedRemotely, long bytesSharedLocally,
            double seconds, double slotSeconds) {

        public Stage {
            requireNonNull(label, "label is null");
            requireNonNull(decisionNodeId, "decisionNodeId is null");
            requireNonNull(implementation, "implementation is null");
        }
    }

    /** Reads the JSON document of the coordinator's {@code proteus.runtime-information} action. */
    static QueryRuntimeInformation fromJson(JsonNode json) {
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode decision : json.path("decisions")) {
            JsonNode chosen = decision.path("decision");
            List<String> workers = new ArrayList<>();
            chosen.path("workers").forEach(worker -> workers.add(worker.asText()));
            decisions.add(new Decision(text(decision, "nodeId"), text(decision, "point"), text(decision, "decisionNode"),
                    text(decision, "observed"), text(chosen, "implementation"), chosen.path("instances").asInt(),
                    text(chosen, "placement"), workers, text(chosen, "reason")));
        }
        List<Stage> stages = new ArrayList<>();
        for (JsonNode stage : json.path("stages")) {
            stages.add(new Stage(stage.path("stageId").asInt(), text(stage, "label"), optionalText(stage, "decisionNodeId"),
                    text(stage, "implementation"), stage.path("tasks").asInt(), stage.path("inputRows").asLong(),
                    stage.path("outputRows").asLong(), stage.path("outputBytes").asLong(),
                    stage.path("bytesFetchedRemotely").asLong(), stage.path("bytesSharedLocally").asLong(),
                    stage.path("seconds").asDouble(), stage.path("slotSeconds").asDouble()));
        }
        return new QueryRuntimeInformation(text(json, "queryId"), text(json, "state"), text(json, "sql"),
                text(json, "strategy"), text(json, "objective"), text(json, "priority"), Instant.parse(text(json, "started")),
                optionalText(json, "finished").map(Instant::parse), json.path("planningSeconds").asDouble(),
                json.path("elapsedSeconds").asDouble(), json.path("resultRows").asLong(), json.path("slotSeconds").asDouble(),
                json.path("bytesShuffled").asLong(), json.path("bytesSharedLocally").asLong(), optionalText(json, "error"),
                decisions, stages);
    }

    static String text(JsonNode node, String field) {
        return optionalText(node, field).orElse("");
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
