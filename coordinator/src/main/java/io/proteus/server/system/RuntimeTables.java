package io.proteus.server.system;

import static java.util.Objects.requireNonNull;

import io.proteus.server.cluster.Cluster;
import io.proteus.server.cluster.WorkerNode;
import io.proteus.server.execution.DecisionRecord;
import io.proteus.server.execution.StageRecord;
import io.proteus.server.query.QueryInfo;
import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.WorkerSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tables of {@code system.runtime}, after Trino's: {@code nodes} (the coordinator and its workers with their slots
 * and memory), {@code queries} (every recent query with its strategy, time and cost), {@code decisions} (what each
 * decision node of each query observed, chose and why) and {@code stages} (each stage's tasks, rows, bytes and time).
 */
public final class RuntimeTables {

    private RuntimeTables() {
    }

    /**
     * The runtime tables over a cluster and the coordinator's query history.
     *
     * @param coordinatorAddress the coordinator's Flight address (host:port), listed in {@code nodes}
     */
    public static List<SystemTable> create(Supplier<String> coordinatorAddress, Cluster cluster, Supplier<List<QueryInfo>> queries) {
        requireNonNull(coordinatorAddress, "coordinatorAddress");
        requireNonNull(cluster, "cluster");
        requireNonNull(queries, "queries");
        return List.of(
                new SystemTable("runtime", "nodes", schema(
                        text("node_id", false), text("address", false), bool("coordinator"), text("state", false),
                        integer("slots"), integer("free_slots"), bigint("memory_limit_bytes"), bigint("memory_used_bytes")),
                        () -> nodes(coordinatorAddress.get(), cluster)),
                new SystemTable("runtime", "queries", schema(
                        text("query_id", false), text("session_id", true), text("state", false), text("query", false),
                        text("strategy", true), text("objective", true), text("started", true), text("finished", true),
                        real("planning_seconds"), real("elapsed_seconds"), bigint("result_rows"), real("slot_seconds"),
                        bigint("bytes_shuffled"), bigint("bytes_shared"), integer("decisions"), integer("stages"),
                        text("error", true)),
                        () -> queries(queries.get())),
                new SystemTable("runtime", "decisions", schema(
                        text("query_id", false), text("node_id", false), text("decision_point", false),
                        text("decision_node", false), text("implementation", false), integer("instances"),
                        text("placement", false), text("workers", true), text("observed", false), text("reason", false)),
                        () -> decisions(queries.get())),
                new SystemTable("runtime", "stages", schema(
                        text("query_id", false), integer("stage_id"), text("label", false), text("decision_node_id", true),
                        text("implementation", true), integer("tasks"), bigint("input_rows"), bigint("output_rows"),
                        bigint("output_bytes"), bigint("bytes_over_network"), bigint("bytes_shared"), real("seconds"),
                        real("slot_seconds")),
                        () -> stages(queries.get())));
    }

    private static List<List<Object>> nodes(String coordinatorAddress, Cluster cluster) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList("coordinator", coordinatorAddress, true, "active", 0, 0, null, null));
        for (WorkerNode node : cluster.nodes()) {
            WorkerSlots status = node.slots();
            rows.add(Arrays.asList(node.workerId(), node.address(), false, node.state(), status.totalSlots(),
                    status.freeSlots(), status.memoryLimitBytes(), status.memoryUsedBytes()));
        }
        return rows;
    }

    private static List<List<Object>> queries(List<QueryInfo> queries) {
        List<List<Object>> rows = new ArrayList<>();
        for (QueryInfo query : queries) {
            rows.add(Arrays.asList(query.queryId(), query.sessionId(), query.state().name(), query.sql(), query.strategy(),
                    query.objective(), text(query.started()), text(query.finished()), query.planningSeconds(),
                    query.elapsedSeconds(), query.resultRows(), query.slotSeconds(), query.bytesShuffled(),
                    query.bytesSharedLocally(), query.decisions().size(), query.stages().size(), query.error()));
        }
        return rows;
    }

    private static List<List<Object>> decisions(List<QueryInfo> queries) {
        List<List<Object>> rows = new ArrayList<>();
        for (QueryInfo query : queries) {
            for (DecisionRecord record : query.decisions()) {
                Decision decision = record.decision();
                rows.add(Arrays.asList(record.queryId(), record.nodeId(), record.point().name(), record.decisionNode(),
                        decision.implementation(), decision.instances(), decision.placement().name(),
                        decision.workers().isEmpty() ? null : String.join(",", decision.workers()), record.observed(),
                        decision.reason()));
            }
        }
        return rows;
    }

    private static List<List<Object>> stages(List<QueryInfo> queries) {
        List<List<Object>> rows = new ArrayList<>();
        for (QueryInfo query : queries) {
            for (StageRecord stage : query.stages()) {
                rows.add(Arrays.asList(stage.queryId(), stage.stageId(), stage.label(), stage.decisionNodeId(),
                        stage.implementation(), stage.tasks(), stage.inputRows(), stage.outputRows(), stage.outputBytes(),
                        stage.bytesFetchedRemotely(), stage.bytesSharedLocally(), stage.seconds(), stage.slotSeconds()));
            }
        }
        return rows;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Schema schema(Field... fields) {
        return new Schema(List.of(fields));
    }

    private static Field text(String name, boolean nullable) {
        return new Field(name, new FieldType(nullable, ArrowType.Utf8.INSTANCE, null), null);
    }

    private static Field bool(String name) {
        return new Field(name, FieldType.notNullable(ArrowType.Bool.INSTANCE), null);
    }

    private static Field integer(String name) {
        return new Field(name, FieldType.notNullable(new ArrowType.Int(32, true)), null);
    }

    private static Field bigint(String name) {
        return new Field(name, FieldType.nullable(new ArrowType.Int(64, true)), null);
    }

    private static Field real(String name) {
        return new Field(name, FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
    }
}
