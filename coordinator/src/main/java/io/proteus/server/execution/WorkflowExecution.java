package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.plan.ExchangeSourceNode;
import io.proteus.executor.plan.GroupingSetsAggregateNode;
import io.proteus.executor.plan.FilterNode;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.LimitNode;
import io.proteus.executor.plan.MergeJoinNode;
import io.proteus.executor.plan.NestedLoopJoinNode;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.ProjectNode;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.plan.SortNode;
import io.proteus.executor.plan.TableScanNode;
import io.proteus.executor.plan.TopNNode;
import io.proteus.executor.plan.UnionAllNode;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.FileSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.PartitionStatistics;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import io.proteus.executor.type.DataType;
import io.proteus.planner.rel.WorkflowAggregate;
import io.proteus.planner.rel.WorkflowJoin;
import io.proteus.planner.rel.WorkflowSort;
import io.proteus.planner.rel.WorkflowTableScan;
import io.proteus.planner.translate.RexTranslator;
import io.proteus.planner.translate.TypeTranslator;
import io.proteus.server.cluster.Cluster;
import io.proteus.server.cluster.WorkerEndpoint;
import io.proteus.server.cluster.WorkerLostException;
import io.proteus.spi.decision.ClusterStatus;
import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionContext;
import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.decision.DecisionPoint;
import io.proteus.spi.decision.Implementations;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.PastDecision;
import io.proteus.spi.decision.Placement;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import io.proteus.sql.catalog.ConnectorTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The private controller of one query: runs its decision workflow. It walks the workflow plan, cutting it into stages
 * at the decision points; each stage's decision node decides at run time, from what the upstream stages really
 * produced and from the cluster's state, which function implementation runs, how many instances and where. Joins run
 * their build candidate first, so the join decision sees its real size before choosing broadcast or shuffle. Every
 * function is invoked on a worker; the controller itself only plans, decides and moves task descriptors.
 */
public final class WorkflowExecution {

    /** How many times a task may be lost with its workers before the query fails. */
    private static final int MAX_TASK_ATTEMPTS = 4;

    /** Estimates are capped here (2^60), so that sums of them cannot overflow a long. */
    private static final double ESTIMATE_CEILING = 0x1p60;

    private final String queryId;
    private final String workflowSignature;
    private final Cluster cluster;
    private final DecisionRegistry decisions;
    private final DecisionHistory history;
    private final ExecutionSettings settings;
    private final RexTranslator rexTranslator;
    private final Map<RelNode, String> nodeIds;
    private final Map<RelNode, Fragment> compiledFragments = new IdentityHashMap<>();
    /** How many parents use each node of the workflow plan (a common table expression's subtree has several). */
    private final Map<RelNode, Integer> uses = new IdentityHashMap<>();
    private final Map<StageKey, StageOutput> materializedStages = new HashMap<>();
    private final List<DecisionRecord> decisionRecords = new CopyOnWriteArrayList<>();
    private final List<StageRecord> stageRecords = new CopyOnWriteArrayList<>();
    private final Map<Integer, RunningStage> runningStages = new java.util.concurrent.ConcurrentHashMap<>();
    /** How each stage was made, to make its tasks again when a worker holding their output is lost. */
    private final Map<Integer, StageLineage> lineages = new java.util.concurrent.ConcurrentHashMap<>();
    /** Stages whose lost tasks were run again: their current output replaces the one consumers were compiled with. */
    private final Map<Integer, StageOutput> currentOutputs = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger recoveredTasks = new AtomicInteger();
    /** The worker (the member object, one per worker process) that made the kept output of each task, by stage and task. */
    private final Map<Long, WorkerEndpoint> producers = new java.util.concurrent.ConcurrentHashMap<>();
    /** The attempt number of each task of each stage: it grows each time the task is run again. */
    private final Map<Integer, int[]> taskAttempts = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile String cancelReason;
    private int nextStageId;
    private int nextSourceId;
    private int roundRobinOffset;

    public WorkflowExecution(String queryId, String workflowSignature, RelNode workflowPlan, Cluster cluster,
            DecisionRegistry decisions, DecisionHistory history, ExecutionSettings settings) {
        this.queryId = requireNonNull(queryId, "queryId");
        this.workflowSignature = requireNonNull(workflowSignature, "workflowSignature");
        this.cluster = requireNonNull(cluster, "cluster");
        this.decisions = requireNonNull(decisions, "decisions");
        this.history = requireNonNull(history, "history");
        this.settings = requireNonNull(settings, "settings");
        this.rexTranslator = new RexTranslator(workflowPlan.getCluster().getRexBuilder());
        this.nodeIds = WorkflowNodeIds.assign(workflowPlan);
    }

    /** Runs the workflow; the returned stage's tasks hold the result rows in partition 0, in task order. */
    public StageOutput run(RelNode workflowPlan) {
        countUses(workflowPlan);
        Fragment root = compile(workflowPlan);
        if (root.instances() > 1 && !root.hasScanSource() && !root.hasPartitionedSource()) {
            root = new Fragment(root.node(), root.types(), root.sources(), 1, root.placement(), root.decisionNodeId());
        }
        return materialize(root, "result", OutputPartitioning.single(), implementationOf(root));
    }

    public String queryId() {
        return queryId;
    }

    public List<DecisionRecord> decisionRecords() {
        return List.copyOf(decisionRecords);
    }

    public List<StageRecord> stageRecords() {
        return List.copyOf(stageRecords);
    }

    /**
     * How far the workflow has come: stages finished, the stage running (if any), and tasks finished out of those
     * scheduled so far. The workflow decides its stages as it runs, so the totals grow until it ends.
     */
    public ExecutionProgress progress() {
        List<StageProgress> stages = stageProgress();
        List<StageProgress> running = stages.stream().filter(stage -> stage.state() == StageProgress.State.RUNNING).toList();
        return new ExecutionProgress(stages.size() - running.size(), running.size(),
                stages.stream().mapToInt(StageProgress::tasksFinished).sum(), stages.stream().mapToInt(StageProgress::tasks).sum(),
                running.isEmpty() ? null : running.get(0).label());
    }

    /** The stages so far: finished ones with their rows, running ones with how many of their tasks are done. */
    public List<StageProgress> stageProgress() {
        List<StageProgress> stages = new ArrayList<>();
        stageRecords.forEach(record -> stages.add(StageProgress.finished(record)));
        long now = System.nanoTime();
        runningStages.values().forEach(stage -> stages.add(new StageProgress(stage.stageId(), stage.label(),
                stage.decisionNodeId(), StageProgress.State.RUNNING, stage.tasks(), stage.tasksFinished().get(),
                (now - stage.startedNanos()) / 1e9, 0)));
        stages.sort(Comparator.comparingInt(StageProgress::stageId));
        return List.copyOf(stages);
    }

    /** What made a stage: its fragment and output partitioning (the inputs are found again from the fragment). */
    private record StageLineage(Fragment fragment, OutputPartitioning output, String label) {
    }

    private record RunningStage(int stageId, String label, String decisionNodeId, int tasks, long startedNanos,
            AtomicInteger tasksFinished, List<CompletableFuture<TaskResult>> futures) {
    }

    /** Stops scheduling new tasks; running tasks are cancelled by releasing the query on the workers. */
    public void cancel(String reason) {
        cancelReason = reason;
        cancelled.set(true);
        // Wake the stage waiting for its tasks now; the workers stop the tasks at their next batch.
        runningStages.values().forEach(stage -> stage.futures().forEach(future -> future.completeExceptionally(
                new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was cancelled: " + reason))));
    }

    /** Releases every buffer and running task of this query on every worker. */
    public void release() {
        for (WorkerEndpoint worker : cluster.workers()) {
            try {
                worker.releaseQuery(queryId);
            } catch (RuntimeException e) {
                // A worker that is gone holds nothing any more; the others must still be released.
            }
        }
    }

    // ---------------------------------------------------------------- compilation of the workflow into stages

    /**
     * Compiles a workflow subtree once: a subtree the plan uses in several places (a common table expression, for
     * one) is the same {@link RelNode}, and its stages run once; each use continues from the same fragment.
     */
    private Fragment compile(RelNode rel) {
        Fragment compiled = compiledFragments.get(rel);
        if (compiled == null) {
            compiled = compileOnce(rel);
            compiledFragments.put(rel, compiled);
        }
        return compiled;
    }

    private Fragment compileOnce(RelNode rel) {
        checkCancelled();
        return switch (rel) {
            case WorkflowTableScan scan -> scan(scan);
            case LogicalFilter filter -> {
                Fragment input = compile(filter.getInput());
                yield input.withNode(new FilterNode(input.node(), rexTranslator.translate(filter.getCondition())), input.types());
            }
            case LogicalProject project -> {
                Fragment input = compile(project.getInput());
                List<Expression> expressions = rexTranslator.translate(project.getProjects());
                yield input.withNode(new ProjectNode(input.node(), expressions), types(project));
            }
            case LogicalValues values -> values(values);
            case WorkflowAggregate aggregate -> aggregate(aggregate);
            case WorkflowJoin join -> join(join);
            case LogicalJoin join -> nestedLoopJoin(join);
            case WorkflowSort sort -> sort(sort);
            case LogicalUnion union when union.all -> unionAll(union);
            case LogicalWindow window -> window(window);
            default -> throw new ProteusSqlException(QueryError.NOT_SUPPORTED,
                    "Not supported yet: " + rel.getRelTypeName().replace("Logical", "") + " operator");
        };
    }

    /**
     * UNION ALL. An input whose rows can be split among any number of tasks (it reads table partitions or hash
     * partitions of an upstream stage) stays a pipeline: it runs inside the consuming fragment's tasks, under a
     * {@link UnionAllNode}, and its rows are never copied into a stage output. Other inputs (values, or fragments that
     * must run as one function, such as a gather) run as their own stages, and the outputs of all their tasks are dealt
     * out among the consuming tasks. The union runs as many instances as its widest input.
     */
    private Fragment unionAll(LogicalUnion union) {
        List<DataType> types = types(union);
        // A union reached along several paths (inside a common table expression used in several places) runs its
        // inputs once, as stages, which every use reads; as pipelines they would run again inside each user's tasks.
        boolean shared = uses.getOrDefault(union, 1) > 1;
        List<StageOutput> stages = new ArrayList<>();
        List<PlanNode> pipelines = new ArrayList<>();
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>();
        int instances = 0;
        Placement placement = Placement.PACK;
        for (RelNode input : union.getInputs()) {
            Fragment fragment = compile(input);
            if (!sameValueTypes(fragment.types(), types)) {
                List<Expression> columns = new ArrayList<>();
                for (int i = 0; i < types.size(); i++) {
                    columns.add(new Call(ScalarFunction.CAST, List.of(new InputReference(i, fragment.types().get(i))), types.get(i)));
                }
                fragment = fragment.withNode(new ProjectNode(fragment.node(), columns), types);
            }
            if (!shared && (fragment.hasScanSource() || fragment.hasPartitionedSource())) {
                pipelines.add(fragment.node());
                sources.putAll(fragment.sources());
                if (fragment.instances() > instances) {
                    instances = fragment.instances();
                    placement = fragment.placement();
                }
            } else {
                stages.add(materialize(fragment, "union input", OutputPartitioning.single(), implementationOf(fragment)));
            }
        }
        if (!stages.isEmpty()) {
            int producers = stages.stream().mapToInt(stage -> stage.tasks().size()).sum();
            int sourceId = nextSourceId++;
            sources.put(sourceId, new SourceBinding.Spread(stages));
            pipelines.add(new ExchangeSourceNode(sourceId, types));
            instances = Math.max(instances, Math.min(producers, cluster.status().totalSlots()));
        }
        PlanNode node = pipelines.size() == 1 ? pipelines.get(0) : new UnionAllNode(pipelines, types);
        return new Fragment(node, types, sources, Math.max(1, instances), placement, null);
    }

    /**
     * Counts, for every node of the plan, the paths from {@code root} to it: more than one when it lies in a subtree
     * used in several places (a common table expression), whose stages run once and are read by every use.
     */
    private void countUses(RelNode root) {
        Map<RelNode, Integer> parents = new IdentityHashMap<>();
        java.util.ArrayDeque<RelNode> pending = new java.util.ArrayDeque<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            for (RelNode input : pending.poll().getInputs()) {
                if (parents.merge(input, 1, Integer::sum) == 1) {
                    pending.add(input);
                }
            }
        }
        // Parents before children (Kahn's order): a node's paths are the sum of its parents' paths.
        uses.put(root, 1);
        pending.add(root);
        while (!pending.isEmpty()) {
            RelNode node = pending.poll();
            int paths = uses.get(node);
            for (RelNode input : node.getInputs()) {
                uses.merge(input, paths, (a, b) -> (int) Math.min(Integer.MAX_VALUE, (long) a + b));
                if (parents.merge(input, -1, Integer::sum) == 0) {
                    pending.add(input);
                }
            }
        }
    }

    /** Whether two row types have the same value types, nullability aside (a union passes such batches on as they are). */
    private static boolean sameValueTypes(List<DataType> actual, List<DataType> expected) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!actual.get(i).withNullable(true).equals(expected.get(i).withNullable(true))) {
                return false;
            }
        }
        return true;
    }

    private Fragment scan(WorkflowTableScan scan) {
        ConnectorTable table = scan.getTable().unwrap(ConnectorTable.class);
        if (table == null) {
            throw new ProteusSqlException(QueryError.INTERNAL, "not a connector table: " + scan.getTable().getQualifiedName());
        }
        List<FileSplit> splits = table.connector().splits(table.schemaName(), table.metadata().name());
        List<DataType> types = types(scan);
        List<String> names = scan.getRowType().getFieldNames();
        long rows = splits.stream().mapToLong(FileSplit::rowCount).sum();
        long bytes = rows * estimatedRowWidth(types);
        String nodeId = nodeIds.get(scan);
        Decision decision = decide(nodeId, DecisionPoint.SCAN, List.of(Implementations.SCAN),
                List.of(InputObservation.estimated(table.qualifiedName(), rows, bytes)),
                Map.of("table", table.qualifiedName(), "partitions", Integer.toString(splits.size())));
        int sourceId = nextSourceId++;
        TableScanNode node = new TableScanNode(sourceId, table.qualifiedName(), names, types);
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>();
        sources.put(sourceId, new SourceBinding.Scan(splits));
        int instances = Math.max(1, Math.min(decision.instances(), Math.max(1, splits.size())));
        return new Fragment(node, types, sources, instances, decision.placement(), nodeId);
    }

    private Fragment values(LogicalValues values) {
        List<DataType> types = types(values);
        List<List<Literal>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : values.getTuples()) {
            List<Literal> row = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                Expression literal = rexTranslator.translate(tuple.get(i));
                row.add(retype((Literal) literal, types.get(i)));
            }
            rows.add(row);
        }
        return new Fragment(new ValuesNode(types, rows), types, Map.of(), 1, Placement.ROUND_ROBIN, null);
    }

    private static Literal retype(Literal literal, DataType type) {
        return new Literal(literal.value(), type.kind() == literal.type().kind() ? type : literal.type());
    }

    private Fragment aggregate(WorkflowAggregate aggregate) {
        Fragment input = compile(aggregate.getInput());
        List<Integer> groupKeys = aggregate.getGroupSet().asList();
        boolean groupingSets = aggregate.getGroupType() != Aggregate.Group.SIMPLE;
        List<AggregateCall> rawCalls = AggregateTranslator.rawCalls(aggregate);
        List<DataType> inputTypes = input.types();
        List<DataType> stateTypes = new ArrayList<>();
        rawCalls.forEach(call -> stateTypes.addAll(AggregateTranslator.stateTypes(call, inputTypes)));
        List<DataType> partialTypes = new ArrayList<>();
        PlanNode partial;
        int keyCount;
        if (groupingSets) {
            // Aggregate the input once on every group key (partial states), then derive each grouping set from the
            // smallest set computed before it that contains it (a ROLLUP's coarser sets from the previous set's result),
            // merging states. The output: the group keys with those outside the row's set NULL, the set's index (which
            // keeps the sets' groups apart), then the states.
            List<List<Integer>> sets = aggregate.getGroupSets().stream().map(ImmutableBitSet::asList).toList();
            partial = new GroupingSetsAggregateNode(input.node(), groupKeys, sets, rawCalls);
            groupKeys.forEach(key -> partialTypes.add(inputTypes.get(key).withNullable(true)));
            partialTypes.add(DataType.integer(false));
            partialTypes.addAll(stateTypes);
            keyCount = groupKeys.size() + 1;
        } else {
            groupKeys.forEach(key -> partialTypes.add(inputTypes.get(key)));
            partialTypes.addAll(stateTypes);
            partial = new AggregateNode(input.node(), groupKeys, rawCalls, AggregateStep.PARTIAL);
            keyCount = groupKeys.size();
        }
        Fragment aggregated = exchangeAndFinalAggregate(aggregate, input.withNode(partial, partialTypes), keyCount, rawCalls,
                inputTypes, implementationOf(input));
        return finishAggregate(aggregate, aggregated, groupingSets);
    }

    /**
     * Runs the partial aggregation (its output: {@code keyCount} keys, then the states of {@code rawCalls}) next to
     * the input, exchanges it on the keys, and returns the final aggregation over the exchange.
     */
    private Fragment exchangeAndFinalAggregate(WorkflowAggregate aggregate, Fragment partial, int keyCount,
            List<AggregateCall> rawCalls, List<DataType> inputTypes, String implementation) {
        List<DataType> partialTypes = partial.types();
        List<Integer> partialKeys = IntStream.range(0, keyCount).boxed().toList();
        OutputPartitioning exchange = keyCount == 0
                ? OutputPartitioning.single()
                : OutputPartitioning.hash(partialKeys, settings.hashPartitions());
        StageOutput partialStage = materialize(partial, "partial aggregate", exchange, implementation);
        // Final aggregation: its decision node sees the observed partial results.
        String nodeId = nodeIds.get(aggregate);
        Decision decision = keyCount == 0
                ? decide(nodeId, DecisionPoint.GATHER, List.of(Implementations.GATHER), List.of(partialStage.observation()), Map.of())
                : decide(nodeId, DecisionPoint.AGGREGATE, List.of(Implementations.HASH_AGGREGATE),
                        List.of(partialStage.observation()), Map.of("partitions", Integer.toString(exchange.partitionCount())));
        int sourceId = nextSourceId++;
        PlanNode exchangeSource = new ExchangeSourceNode(sourceId, partialTypes);
        List<AggregateCall> finalCalls = AggregateTranslator.finalCalls(rawCalls, keyCount, inputTypes);
        PlanNode finalNode = new AggregateNode(exchangeSource, partialKeys, finalCalls, AggregateStep.FINAL);
        List<DataType> outputTypes = new ArrayList<>(partialTypes.subList(0, keyCount));
        finalCalls.forEach(call -> outputTypes.add(call.type()));
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>();
        sources.put(sourceId, keyCount == 0 ? new SourceBinding.Broadcast(partialStage) : new SourceBinding.Partitioned(partialStage));
        int instances = keyCount == 0 ? 1 : Math.min(decision.instances(), exchange.partitionCount());
        return new Fragment(finalNode, outputTypes, sources, instances, decision.placement(), nodeId);
    }

    /**
     * Lays the aggregated columns (keys, the grouping set index if any, then the executed calls) out as the aggregate
     * declares them: group keys, then every call in order, computing GROUPING, GROUPING_ID and LITERAL_AGG from the
     * group and turning {@code $SUM0} (a sum that is 0, not NULL, over no rows) into COALESCE(sum, 0).
     */
    private Fragment finishAggregate(WorkflowAggregate aggregate, Fragment aggregated, boolean groupingSets) {
        List<org.apache.calcite.rel.core.AggregateCall> calls = aggregate.getAggCallList();
        boolean identity = !groupingSets && calls.stream()
                .noneMatch(call -> AggregateTranslator.isComputed(call) || AggregateTranslator.isSumZero(call));
        if (identity) {
            return aggregated;
        }
        List<DataType> outputTypes = types(aggregate);
        List<Integer> groupKeys = aggregate.getGroupSet().asList();
        int keyCount = groupKeys.size();
        int setIndexColumn = groupingSets ? keyCount : -1;
        int executed = groupingSets ? keyCount + 1 : keyCount;
        List<Expression> expressions = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            expressions.add(new InputReference(i, aggregated.types().get(i)));
        }
        for (int i = 0; i < calls.size(); i++) {
            org.apache.calcite.rel.core.AggregateCall call = calls.get(i);
            DataType type = outputTypes.get(keyCount + i);
            switch (call.getAggregation().getKind()) {
                case LITERAL_AGG -> expressions.add(retype((Literal) rexTranslator.translate(call.rexList.get(0)), type));
                case GROUPING, GROUPING_ID -> expressions.add(grouping(aggregate, call, setIndexColumn, type));
                default -> {
                    Expression column = new InputReference(executed, aggregated.types().get(executed).withNullable(true));
                    executed++;
                    if (AggregateTranslator.isSumZero(call)) {
                        column = new Call(ScalarFunction.COALESCE, List.of(column, zero(type)), type.withNullable(false));
                    }
                    expressions.add(column);
                }
            }
        }
        return aggregated.withNode(new ProjectNode(aggregated.node(), expressions), outputTypes);
    }

    /** GROUPING(a, b, ...): per argument, bit 1 when the row's grouping set leaves it out, most significant first. */
    private static Expression grouping(WorkflowAggregate aggregate, org.apache.calcite.rel.core.AggregateCall call,
            int setIndexColumn, DataType type) {
        List<ImmutableBitSet> sets = aggregate.getGroupSets();
        List<Long> values = new ArrayList<>();
        for (ImmutableBitSet set : sets) {
            long value = 0;
            for (int argument : call.getArgList()) {
                value = (value << 1) | (set.get(argument) ? 0 : 1);
            }
            values.add(value);
        }
        if (setIndexColumn < 0 || values.stream().distinct().count() == 1) {
            return new Literal(Long.toString(values.get(0)), type.withNullable(false));
        }
        List<Expression> operands = new ArrayList<>();
        Expression setIndex = new InputReference(setIndexColumn, DataType.integer(false));
        for (int set = 0; set < values.size() - 1; set++) {
            operands.add(Call.of(ScalarFunction.EQUAL, DataType.bool(false), setIndex, Literal.of(set)));
            operands.add(new Literal(Long.toString(values.get(set)), type.withNullable(false)));
        }
        operands.add(new Literal(Long.toString(values.getLast()), type.withNullable(false)));
        return new Call(ScalarFunction.CASE, operands, type.withNullable(false));
    }

    private static Literal zero(DataType type) {
        return switch (type.kind()) {
            case DECIMAL -> new Literal(java.math.BigDecimal.ZERO.setScale(type.scale()).toPlainString(), type.withNullable(false));
            case DOUBLE -> new Literal("0.0", type.withNullable(false));
            default -> new Literal("0", type.withNullable(false));
        };
    }

    private Fragment join(WorkflowJoin join) {
        JoinInfo info = join.joinInfo();
        JoinType joinType = joinType(join.getJoinType());
        RexNode remaining = info.getRemaining(join.getCluster().getRexBuilder());
        Expression residual = remaining.isAlwaysTrue() ? null : rexTranslator.translate(remaining);
        List<Integer> leftKeys = info.leftKeys;
        List<Integer> rightKeys = info.rightKeys;
        checkKeyTypes(join, leftKeys, rightKeys);
        // Which side is the build candidate (run first, then observed); which implementations the join type allows.
        // An earlier run of this workflow that observed both sides of this join tells their real sizes, which beat the
        // planner's estimates (those of long join chains are often off by orders of magnitude).
        String nodeId = nodeIds.get(join);
        Optional<PastDecision> pastSides = pastObservationOfBothSides(nodeId);
        JoinSide buildSide = switch (joinType) {
            case RIGHT -> JoinSide.LEFT;
            case INNER -> pastSides.map(WorkflowExecution::smallerSide)
                    .orElse(estimatedBytes(join.getLeft()) < estimatedBytes(join.getRight()) ? JoinSide.LEFT : JoinSide.RIGHT);
            default -> JoinSide.RIGHT;
        };
        boolean broadcastAllowed = joinType != JoinType.FULL;
        RelNode buildRel = buildSide == JoinSide.LEFT ? join.getLeft() : join.getRight();
        RelNode probeRel = buildSide == JoinSide.LEFT ? join.getRight() : join.getLeft();
        List<Integer> buildKeys = buildSide == JoinSide.LEFT ? leftKeys : rightKeys;
        List<Integer> probeKeys = buildSide == JoinSide.LEFT ? rightKeys : leftKeys;

        Fragment buildFragment = compile(buildRel);
        StageOutput buildStage = materialize(buildFragment, "join build side", 
                OutputPartitioning.hash(buildKeys, settings.hashPartitions()), implementationOf(buildFragment));
        JoinSide firstProbeSide = buildSide == JoinSide.LEFT ? JoinSide.RIGHT : JoinSide.LEFT;
        InputObservation probeEstimate = pastSides
                .map(past -> sideObservedBefore(past, firstProbeSide))
                .orElseGet(() -> InputObservation.estimated("probe side", (long) Math.ceil(estimatedRows(probeRel)),
                        estimatedBytes(probeRel)));
        List<String> candidates = broadcastAllowed
                ? List.of(Implementations.BROADCAST_HASH_JOIN, Implementations.SHUFFLE_HASH_JOIN, Implementations.SHUFFLE_MERGE_JOIN)
                : List.of(Implementations.SHUFFLE_HASH_JOIN, Implementations.SHUFFLE_MERGE_JOIN);
        Decision decision = decide(nodeId, DecisionPoint.JOIN, candidates,
                List.of(buildStage.observation("build side"), probeEstimate),
                Map.of("join.type", joinType.name(), "build.side", buildSide.name()));
        List<DataType> outputTypes = types(join);

        if (decision.implementation().equals(Implementations.BROADCAST_HASH_JOIN)) {
            Fragment probe = compile(probeRel);
            int sourceId = nextSourceId++;
            PlanNode buildSource = new ExchangeSourceNode(sourceId, buildStage.types());
            PlanNode left = buildSide == JoinSide.LEFT ? buildSource : probe.node();
            PlanNode right = buildSide == JoinSide.LEFT ? probe.node() : buildSource;
            Map<Integer, SourceBinding> sources = new LinkedHashMap<>(probe.sources());
            sources.put(sourceId, new SourceBinding.Broadcast(buildStage));
            // Every task reads the same broadcast build side: each worker builds its hash table once for its tasks.
            PlanNode node = new HashJoinNode(left, right, joinType, leftKeys, rightKeys, residual, buildSide, true);
            int instances = probe.hasScanSource() || probe.hasPartitionedSource() ? probe.instances() : 1;
            return new Fragment(node, outputTypes, sources, instances, probe.placement(), nodeId);
        }
        Fragment probe = compile(probeRel);
        StageOutput probeStage = materialize(probe, "join probe side",
                OutputPartitioning.hash(probeKeys, settings.hashPartitions()), implementationOf(probe));
        // Both sides have now run: decide again from what both really hold, since the probe side was only an estimate.
        // An inner join may build on either side, so the smaller observed side becomes the build side.
        if (joinType == JoinType.INNER && probeStage.bytes() < buildStage.bytes()) {
            StageOutput smaller = probeStage;
            probeStage = buildStage;
            buildStage = smaller;
            buildSide = buildSide == JoinSide.LEFT ? JoinSide.RIGHT : JoinSide.LEFT;
        }
        Decision observedDecision = decide(nodeId, DecisionPoint.JOIN, candidates,
                List.of(buildStage.observation("build side"), probeStage.observation("probe side")),
                Map.of("join.type", joinType.name(), "build.side", buildSide.name(), "both.observed", "true"));
        int buildSource = nextSourceId++;
        int probeSource = nextSourceId++;
        PlanNode buildNode = new ExchangeSourceNode(buildSource, buildStage.types());
        PlanNode probeNode = new ExchangeSourceNode(probeSource, probeStage.types());
        PlanNode left = buildSide == JoinSide.LEFT ? buildNode : probeNode;
        PlanNode right = buildSide == JoinSide.LEFT ? probeNode : buildNode;
        boolean broadcast = observedDecision.implementation().equals(Implementations.BROADCAST_HASH_JOIN);
        // Both sides have run and are partitioned on the keys: unless the build side is broadcast, the hash tables go
        // on the side that really holds fewer rows (the operator builds on either side for every join type).
        JoinSide hashSide = !broadcast && probeStage.rows() < buildStage.rows()
                ? (buildSide == JoinSide.LEFT ? JoinSide.RIGHT : JoinSide.LEFT)
                : buildSide;
        PlanNode node = observedDecision.implementation().equals(Implementations.SHUFFLE_MERGE_JOIN)
                ? new MergeJoinNode(left, right, joinType, leftKeys, rightKeys, residual)
                : new HashJoinNode(left, right, joinType, leftKeys, rightKeys, residual, hashSide, broadcast);
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>();
        // A broadcast build side is read whole by every instance; the probe side's partitions are dealt out among them.
        sources.put(buildSource, broadcast
                ? new SourceBinding.Broadcast(buildStage)
                : new SourceBinding.Partitioned(buildStage));
        sources.put(probeSource, new SourceBinding.Partitioned(probeStage));
        int instances = Math.min(observedDecision.instances(), settings.hashPartitions());
        return new Fragment(node, outputTypes, sources, instances, observedDecision.placement(), nodeId);
    }

    /** The latest earlier decision at this join that saw both of its sides run, if any. */
    private Optional<PastDecision> pastObservationOfBothSides(String nodeId) {
        if (nodeId == null) {
            return Optional.empty();
        }
        List<PastDecision> past = history.get(workflowSignature, nodeId);
        for (int i = past.size() - 1; i >= 0; i--) {
            PastDecision decision = past.get(i);
            if (decision.allInputsObserved() && decision.inputs().size() == 2 && decision.property("build.side").isPresent()) {
                return Optional.of(decision);
            }
        }
        return Optional.empty();
    }

    private static JoinSide smallerSide(PastDecision past) {
        return sideObservedBefore(past, JoinSide.LEFT).bytes() <= sideObservedBefore(past, JoinSide.RIGHT).bytes()
                ? JoinSide.LEFT : JoinSide.RIGHT;
    }

    /**
     * What an earlier run saw of one side of this join, as an input that has not run yet in this run (its size is a
     * forecast, so it is not marked observed).
     */
    private static InputObservation sideObservedBefore(PastDecision past, JoinSide side) {
        JoinSide pastBuildSide = JoinSide.valueOf(past.property("build.side").orElseThrow());
        InputObservation input = past.inputs().get(pastBuildSide == side ? 0 : 1);
        return InputObservation.estimated("probe side (as an earlier run observed it)", input.rows(), input.bytes());
    }

    private void checkKeyTypes(WorkflowJoin join, List<Integer> leftKeys, List<Integer> rightKeys) {
        List<DataType> leftTypes = types(join.getLeft());
        List<DataType> rightTypes = types(join.getRight());
        for (int i = 0; i < leftKeys.size(); i++) {
            DataType left = leftTypes.get(leftKeys.get(i)).withNullable(true);
            DataType right = rightTypes.get(rightKeys.get(i)).withNullable(true);
            if (!left.equals(right)) {
                throw new ProteusSqlException(QueryError.NOT_SUPPORTED,
                        "Not supported yet: join keys of different types " + left + " and " + right);
            }
        }
    }

    private Fragment nestedLoopJoin(LogicalJoin join) {
        JoinType joinType = joinType(join.getJoinType());
        if (joinType == JoinType.RIGHT || joinType == JoinType.FULL) {
            throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "Not supported yet: " + joinType + " join without equality keys");
        }
        Fragment right = compile(join.getRight());
        StageOutput rightStage = materialize(right, "nested loop inner side", OutputPartitioning.single(), implementationOf(right));
        Fragment left = compile(join.getLeft());
        int sourceId = nextSourceId++;
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>(left.sources());
        sources.put(sourceId, new SourceBinding.Broadcast(rightStage));
        Expression condition = join.getCondition().isAlwaysTrue() ? null : rexTranslator.translate(join.getCondition());
        PlanNode node = new NestedLoopJoinNode(left.node(), new ExchangeSourceNode(sourceId, rightStage.types()), joinType, condition);
        int instances = left.hasScanSource() || left.hasPartitionedSource() ? left.instances() : 1;
        return new Fragment(node, types(join), sources, instances, left.placement(), left.decisionNodeId());
    }

    private Fragment sort(WorkflowSort sort) {
        Fragment input = compile(sort.getInput());
        List<SortKey> keys = sortKeys(sort.getCollation());
        long offset = sort.offset == null ? 0 : RexLiteral.intValue(sort.offset);
        long fetch = sort.fetch == null ? -1 : RexLiteral.intValue(sort.fetch);
        PlanNode partial;
        if (fetch >= 0) {
            partial = keys.isEmpty() ? new LimitNode(input.node(), 0, offset + fetch) : new TopNNode(input.node(), keys, offset + fetch);
        } else {
            partial = keys.isEmpty() ? input.node() : new SortNode(input.node(), keys);
        }
        StageOutput partialStage = materialize(input.withNode(partial, input.types()), "partial sort", OutputPartitioning.single(),
                implementationOf(input));
        String nodeId = nodeIds.get(sort);
        Decision decision = decide(nodeId, DecisionPoint.GATHER, List.of(Implementations.GATHER),
                List.of(partialStage.observation()), Map.of());
        int sourceId = nextSourceId++;
        PlanNode node = new ExchangeSourceNode(sourceId, input.types());
        if (fetch >= 0) {
            node = keys.isEmpty() ? node : new TopNNode(node, keys, offset + fetch);
            if (offset > 0 || keys.isEmpty()) {
                node = new LimitNode(node, offset, fetch);
            }
        } else {
            node = keys.isEmpty() ? node : new SortNode(node, keys);
            if (offset > 0) {
                node = new LimitNode(node, offset, -1);
            }
        }
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>();
        sources.put(sourceId, new SourceBinding.Broadcast(partialStage));
        return new Fragment(node, input.types(), sources, 1, decision.placement(), nodeId);
    }

    private Fragment window(LogicalWindow window) {
        Fragment input = compile(window.getInput());
        return new WindowTranslator(rexTranslator, settings.hashPartitions(), new WindowTranslator.Stages() {
            @Override
            public StageOutput materialize(Fragment fragment, String label, OutputPartitioning output) {
                return WorkflowExecution.this.materialize(fragment, label, output, implementationOf(fragment));
            }

            @Override
            public Decision decide(String nodeId, DecisionPoint point, String implementation, InputObservation observation,
                    Map<String, String> properties) {
                return WorkflowExecution.this.decide(nodeId, point, List.of(implementation), List.of(observation), properties);
            }

            @Override
            public int nextSourceId() {
                return nextSourceId++;
            }
        }).translate(window, input, nodeIds.get(window));
    }

    private static List<SortKey> sortKeys(RelCollation collation) {
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation field : collation.getFieldCollations()) {
            boolean descending = field.getDirection().isDescending();
            boolean nullsFirst = field.nullDirection == RelFieldCollation.NullDirection.FIRST;
            keys.add(new SortKey(field.getFieldIndex(), descending, nullsFirst));
        }
        return keys;
    }

    private static JoinType joinType(JoinRelType type) {
        return switch (type) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
            case SEMI -> JoinType.SEMI;
            case ANTI -> JoinType.ANTI;
            default -> throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "Not supported yet: " + type + " join");
        };
    }

    private static List<DataType> types(RelNode rel) {
        return rel.getRowType().getFieldList().stream().map(field -> TypeTranslator.toDataType(field.getType())).toList();
    }

    /** The planner's estimate of a relation's size; saturates at 2^60 bytes, since estimates of join chains can explode. */
    private static long estimatedBytes(RelNode rel) {
        return (long) Math.min(ESTIMATE_CEILING, estimatedRows(rel) * estimatedRowWidth(types(rel)));
    }

    private static double estimatedRows(RelNode rel) {
        Double rows = rel.getCluster().getMetadataQuery().getRowCount(rel);
        return Math.min(ESTIMATE_CEILING, rows == null ? 1e6 : rows);
    }

    private static long estimatedRowWidth(List<DataType> types) {
        long width = 0;
        for (DataType type : types) {
            width += switch (type.kind()) {
                case BOOLEAN -> 1;
                case INTEGER, DATE -> 4;
                case BIGINT, DOUBLE -> 8;
                case DECIMAL -> 16;
                case VARCHAR -> 24;
                case NULL -> 0;
            };
        }
        return Math.max(1, width);
    }

    private static String implementationOf(Fragment fragment) {
        return fragment.hasScanSource() ? Implementations.SCAN : "pipeline";
    }

    // ---------------------------------------------------------------- decisions

    private Decision decide(String nodeId, DecisionPoint point, List<String> candidates, List<InputObservation> inputs,
            Map<String, String> properties) {
        String id = nodeId == null ? point.name().toLowerCase(Locale.ROOT) + "-implicit" : nodeId;
        ClusterStatus status = cluster.status();
        DecisionContext context = new DecisionContext(queryId, id, point, candidates, inputs, status,
                settings.strategy(), settings.objective(), history.get(workflowSignature, id), properties);
        DecisionNode node = decisions.nodeFor(context);
        Decision decision;
        try {
            decision = node.decide(context);
        } catch (RuntimeException e) {
            throw new ProteusSqlException(QueryError.INTERNAL,
                    "Decision node " + node.name() + " failed at " + id + ": " + e.getMessage(), e);
        }
        if (!candidates.contains(decision.implementation())) {
            throw new ProteusSqlException(QueryError.INTERNAL, "Decision node " + node.name() + " chose "
                    + decision.implementation() + " at " + id + ", which is not one of " + candidates);
        }
        if (settings.forcedPlacement().isPresent()) {
            decision = SessionPlacement.apply(decision, settings.forcedPlacement().get());
        }
        decisionRecords.add(new DecisionRecord(queryId, id, point, node.name(), describe(inputs, status), decision));
        history.add(workflowSignature, id, new PastDecision(decision, inputs, properties));
        return decision;
    }

    private static String describe(List<InputObservation> inputs, ClusterStatus status) {
        StringBuilder text = new StringBuilder();
        for (InputObservation input : inputs) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(input.name()).append(input.observed() ? ": " : ": estimated ")
                    .append(input.rows()).append(" rows, ").append(input.bytes()).append(" bytes");
            if (input.observed() && !input.partitions().isEmpty()) {
                text.append(String.format(Locale.ROOT, ", %d partitions, skew %.2f", input.partitions().size(), input.skew()));
            }
        }
        text.append("; cluster: ").append(status.workerCount()).append(" workers, ")
                .append(status.freeSlots()).append("/").append(status.totalSlots()).append(" slots free");
        return text.toString();
    }

    // ---------------------------------------------------------------- running stages

    /**
     * What makes two stages produce the same output: the same operators over the same sources (scanned splits or
     * earlier stages), the same parallelism and placement, and the same output partitioning.
     */
    private record StageKey(PlanNode node, Map<Integer, SourceBinding> sources, int instances, Placement placement,
            OutputPartitioning output) {
    }

    /**
     * Runs a fragment as a stage of tasks on the workers, its output partitioned as given, and waits for it. A stage
     * identical to one this query already ran (a shared subtree consumed the same way twice) is not run again: its
     * output buffers stay on the workers until the query is released, and are read again.
     */
    private StageOutput materialize(Fragment fragment, String label, OutputPartitioning output, String implementation) {
        checkCancelled();
        StageKey key = new StageKey(fragment.node(), fragment.sources(), fragment.instances(), fragment.placement(), output);
        StageOutput earlier = materializedStages.get(key);
        if (earlier != null) {
            return current(earlier);
        }
        StageOutput stage = runStage(fragment, label, output, implementation);
        materializedStages.put(key, stage);
        return stage;
    }

    private StageOutput runStage(Fragment fragment, String label, OutputPartitioning output, String implementation) {
        int stageId = nextStageId++;
        List<Map<Integer, List<InputSplit>>> taskInputs = availableInputs(fragment);
        List<WorkerEndpoint> placement = place(fragment, taskInputs.size());
        long started = System.nanoTime();
        int taskCount = taskInputs.size();
        List<CompletableFuture<TaskResult>> futures = new CopyOnWriteArrayList<>();
        for (int task = 0; task < taskCount; task++) {
            futures.add(new CompletableFuture<>());
        }
        RunningStage running = new RunningStage(stageId, label, fragment.decisionNodeId(), taskCount, started,
                new AtomicInteger(), futures);
        runningStages.put(stageId, running);
        lineages.put(stageId, new StageLineage(fragment, output, label));
        TaskResult[] results = new TaskResult[taskCount];
        int rerun;
        try {
            rerun = runTasks(stageId, fragment, output, IntStream.range(0, taskCount).boxed().toList(), placement,
                    taskInputs, results, running);
        } finally {
            runningStages.remove(stageId);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<TaskResult> finished = List.of(results);
        StageOutput stage = new StageOutput(stageId, label, fragment.types(), output.partitionCount(), finished);
        double slotSeconds = finished.stream().mapToLong(TaskResult::wallNanos).sum() / 1e9;
        String recordLabel = rerun == 0 ? label : label + " (" + rerun + " task runs repeated: worker lost)";
        stageRecords.add(new StageRecord(queryId, stageId, recordLabel, fragment.decisionNodeId(), implementation, finished.size(),
                finished.stream().mapToLong(TaskResult::inputRows).sum(), stage.rows(), stage.bytes(),
                finished.stream().mapToLong(TaskResult::bytesFetchedRemotely).sum(),
                finished.stream().mapToLong(TaskResult::bytesSharedLocally).sum(), seconds, slotSeconds));
        return stage;
    }

    /** Invokes one task on a worker: the one place where the private controller dispatches work. */
    private CompletableFuture<TaskResult> dispatch(WorkerEndpoint worker, TaskDescriptor descriptor) {
        return worker.runTask(descriptor);
    }

    /**
     * Runs tasks of a stage and waits for them. A task lost with its worker (the worker died, or a worker holding one
     * of its inputs did) is run again, after the lost inputs are re-made, on the workers that remain; so are finished
     * tasks whose worker died before the stage ended, since their output went with it. Any other failure fails the
     * query. A task lost {@value #MAX_TASK_ATTEMPTS} times fails the query with a clear error.
     *
     * @param tasks the indexes of the tasks to run
     * @param placement the worker of each task of {@code tasks}, in that order
     * @param taskInputs the inputs of every task of the stage, by task index
     * @param results receives each task's result at its index
     * @return how many task runs were repeated because a worker was lost
     */
    private int runTasks(int stageId, Fragment fragment, OutputPartitioning output, List<Integer> tasks,
            List<WorkerEndpoint> placement, List<Map<Integer, List<InputSplit>>> taskInputs, TaskResult[] results,
            RunningStage running) {
        int[] attempts = taskAttempts.computeIfAbsent(stageId, id -> new int[results.length]);
        List<Integer> toRun = tasks;
        List<WorkerEndpoint> where = placement;
        List<Map<Integer, List<InputSplit>>> inputs = taskInputs;
        int repeated = 0;
        while (true) {
            checkCancelled();
            Map<Integer, WorkerEndpoint> workerOf = new HashMap<>();
            for (int i = 0; i < toRun.size(); i++) {
                int task = toRun.get(i);
                WorkerEndpoint worker = where.get(i);
                workerOf.put(task, worker);
                TaskDescriptor descriptor = new TaskDescriptor(queryId, stageId, task, attempts[task], fragment.node(),
                        inputs.get(task), output, settings.taskMemoryLimitBytes());
                // A dependent future, so that cancelling the query can complete it without touching the worker call's.
                CompletableFuture<TaskResult> future = dispatch(worker, descriptor).thenApply(result -> result);
                future.thenRun(() -> running.tasksFinished().incrementAndGet());
                running.futures().set(task, future);
            }
            if (cancelled.get()) {
                toRun.forEach(task -> running.futures().get(task).completeExceptionally(
                        new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was cancelled")));
            }
            List<Integer> lost = new ArrayList<>();
            Throwable lastLoss = null;
            for (int task : toRun) {
                try {
                    results[task] = running.futures().get(task).get();
                    producers.put(taskKey(stageId, task), workerOf.get(task));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    toRun.forEach(other -> running.futures().get(other).cancel(true));
                    throw new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was interrupted");
                } catch (ExecutionException e) {
                    if (cancelled.get() || !isWorkerLoss(e.getCause(), workerOf.get(task), inputs.get(task))) {
                        toRun.forEach(other -> running.futures().get(other).cancel(true));
                        throw taskFailure(e.getCause());
                    }
                    lost.add(task);
                    lastLoss = e.getCause();
                }
            }
            // Finished tasks whose worker died since: their output is gone with it.
            for (int task : tasks) {
                if (results[task] != null && !holdsOutput(stageId, results[task])) {
                    results[task] = null;
                    if (!lost.contains(task)) {
                        lost.add(task);
                    }
                }
            }
            if (lost.isEmpty()) {
                return repeated;
            }
            repeated += lost.size();
            recoveredTasks.addAndGet(lost.size());
            for (int task : lost) {
                attempts[task]++;
                if (attempts[task] >= MAX_TASK_ATTEMPTS) {
                    throw new ProteusSqlException(QueryError.EXECUTION, "Query " + queryId + " failed: task " + task
                            + " of stage " + stageId + " was lost with its workers " + attempts[task] + " times"
                            + (lastLoss == null ? "" : " (last: " + rootMessage(lastLoss) + ")"));
                }
            }
            inputs = availableInputs(fragment);
            toRun = lost;
            where = new ArrayList<>();
            for (int i = 0; i < lost.size(); i++) {
                where.add(nextLiveWorker());
            }
        }
    }

    /**
     * Whether a task failed because a worker was lost: its own worker, or one holding its inputs. Each of them is
     * asked (a worker that does not answer is marked dead at once), so a failure is never blamed on a live worker.
     */
    private boolean isWorkerLoss(Throwable failure, WorkerEndpoint worker, Map<Integer, List<InputSplit>> inputs) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof WorkerLostException) {
            return true;
        }
        if (!cluster.confirmAlive(worker.workerId()) || cluster.find(worker.workerId()).orElse(null) != worker) {
            return true;
        }
        java.util.Set<Long> inputTasks = new java.util.LinkedHashSet<>();
        inputs.values().forEach(splits -> splits.forEach(split -> {
            if (split instanceof BufferSplit buffer) {
                inputTasks.add(taskKey(buffer.bufferId().stageId(), buffer.bufferId().taskIndex()));
            }
        }));
        java.util.Set<String> confirmed = new java.util.HashSet<>();
        for (long inputTask : inputTasks) {
            WorkerEndpoint producer = producers.get(inputTask);
            if (producer == null) {
                continue;
            }
            if (confirmed.add(producer.workerId()) && !cluster.confirmAlive(producer.workerId())) {
                return true;
            }
            if (cluster.find(producer.workerId()).orElse(null) != producer) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the worker that ran a task of a stage still holds its output: it is a member, and the same process (a
     * worker restarted under the same id is a new member that holds nothing of before).
     */
    private boolean holdsOutput(int stageId, TaskResult task) {
        Optional<WorkerEndpoint> member = cluster.find(task.workerId());
        WorkerEndpoint producer = producers.get(taskKey(stageId, task.taskIndex()));
        return member.isPresent() && (producer == null || member.get() == producer);
    }

    /**
     * Whether the output of a finished task is lost with its worker, asking the worker if needed; for the reader of
     * the result, which then calls {@link #recover}.
     */
    public boolean outputLost(StageOutput stage, TaskResult task) {
        return !cluster.confirmAlive(task.workerId()) || !holdsOutput(stage.stageId(), task);
    }

    private static long taskKey(int stageId, int taskIndex) {
        return ((long) stageId << 32) | (taskIndex & 0xFFFFFFFFL);
    }

    /** The inputs of the fragment's tasks, after re-making any that were lost with their workers. */
    private List<Map<Integer, List<InputSplit>>> availableInputs(Fragment fragment) {
        for (int attempt = 1; ; attempt++) {
            ensureInputsAvailable(fragment);
            try {
                return assignInputs(fragment);
            } catch (WorkerLostException e) {
                // A worker holding inputs died just now: re-make them too.
                if (attempt >= MAX_TASK_ATTEMPTS) {
                    throw new ProteusSqlException(QueryError.EXECUTION, "Query " + queryId + " failed: the inputs of a "
                            + "stage were lost with their workers " + attempt + " times (last: " + e.getMessage() + ")");
                }
            }
        }
    }

    /** Re-makes the lost outputs of every stage the fragment reads. */
    private void ensureInputsAvailable(Fragment fragment) {
        for (SourceBinding source : fragment.sources().values()) {
            switch (source) {
                case SourceBinding.Partitioned partitioned -> recover(partitioned.stage());
                case SourceBinding.Broadcast broadcast -> recover(broadcast.stage());
                case SourceBinding.Spread spread -> spread.stages().forEach(this::recover);
                case SourceBinding.Scan ignored -> {
                }
            }
        }
    }

    /**
     * The stage's output with every task whose worker was lost run again on the remaining workers (after re-making
     * the lost inputs of those tasks, recursively): a task's output is a function of its inputs, so the re-run task
     * replaces the lost one exactly. Returns the current output of the stage; consumers read it instead of the
     * original.
     */
    public StageOutput recover(StageOutput stage) {
        StageOutput current = current(stage);
        List<Integer> lost = new ArrayList<>();
        for (int index = 0; index < current.tasks().size(); index++) {
            if (!holdsOutput(stage.stageId(), current.tasks().get(index))) {
                lost.add(index);
            }
        }
        if (lost.isEmpty()) {
            return current;
        }
        checkCancelled();
        StageLineage lineage = lineages.get(stage.stageId());
        if (lineage == null) {
            throw new ProteusSqlException(QueryError.EXECUTION, "Query " + queryId + " failed: the output of stage "
                    + stage.stageId() + " was lost with worker " + current.tasks().get(lost.getFirst()).workerId()
                    + " and cannot be made again");
        }
        int[] attempts = taskAttempts.computeIfAbsent(stage.stageId(), id -> new int[current.tasks().size()]);
        for (int task : lost) {
            attempts[task]++;
            if (attempts[task] >= MAX_TASK_ATTEMPTS) {
                throw new ProteusSqlException(QueryError.EXECUTION, "Query " + queryId + " failed: the output of task "
                        + task + " of stage " + stage.stageId() + " was lost with its workers " + attempts[task] + " times");
            }
        }
        List<Map<Integer, List<InputSplit>>> inputs = availableInputs(lineage.fragment());
        List<WorkerEndpoint> placement = new ArrayList<>();
        lost.forEach(task -> placement.add(nextLiveWorker()));
        TaskResult[] results = current.tasks().toArray(new TaskResult[0]);
        lost.forEach(task -> results[task] = null);
        List<CompletableFuture<TaskResult>> futures = new CopyOnWriteArrayList<>();
        for (int task = 0; task < results.length; task++) {
            futures.add(CompletableFuture.completedFuture(results[task]));
        }
        String label = lineage.label() + " (" + lost.size() + " lost tasks re-run: worker lost)";
        long started = System.nanoTime();
        RunningStage running = new RunningStage(stage.stageId(), label, lineage.fragment().decisionNodeId(),
                lost.size(), started, new AtomicInteger(), futures);
        runningStages.put(stage.stageId(), running);
        try {
            runTasks(stage.stageId(), lineage.fragment(), lineage.output(), lost, placement, inputs, results, running);
        } finally {
            runningStages.remove(stage.stageId());
        }
        StageOutput recovered = new StageOutput(current.stageId(), current.label(), current.types(), current.partitionCount(),
                List.of(results));
        currentOutputs.put(stage.stageId(), recovered);
        recoveredTasks.addAndGet(lost.size());
        List<TaskResult> rerun = lost.stream().map(task -> results[task]).toList();
        stageRecords.add(new StageRecord(queryId, stage.stageId(), label, lineage.fragment().decisionNodeId(), null,
                rerun.size(), rerun.stream().mapToLong(TaskResult::inputRows).sum(),
                rerun.stream().mapToLong(TaskResult::outputRows).sum(), rerun.stream().mapToLong(TaskResult::outputBytes).sum(),
                rerun.stream().mapToLong(TaskResult::bytesFetchedRemotely).sum(),
                rerun.stream().mapToLong(TaskResult::bytesSharedLocally).sum(), (System.nanoTime() - started) / 1e9,
                rerun.stream().mapToLong(TaskResult::wallNanos).sum() / 1e9));
        return recovered;
    }

    /** The current output of a stage: with the tasks that were re-run after a worker was lost. */
    private StageOutput current(StageOutput stage) {
        return currentOutputs.getOrDefault(stage.stageId(), stage);
    }

    /** The number of task runs repeated because a worker was lost (in running stages and finished ones). */
    public int recoveredTasks() {
        return recoveredTasks.get();
    }

    private WorkerEndpoint nextLiveWorker() {
        List<WorkerEndpoint> workers = cluster.workers();
        if (workers.isEmpty()) {
            throw new ProteusSqlException(QueryError.EXECUTION, "Query " + queryId + " failed: workers were lost and no "
                    + "worker is left to run their tasks again");
        }
        int offset = roundRobinOffset;
        roundRobinOffset = (offset + 1) % workers.size();
        return workers.get(offset % workers.size());
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private RuntimeException taskFailure(Throwable cause) {
        Throwable root = cause;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof ProteusSqlException sqlException) {
            return sqlException;
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        if (cancelled.get()) {
            return new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was cancelled"
                    + (cancelReason == null ? "" : ": " + cancelReason));
        }
        QueryError error = message.toLowerCase(Locale.ROOT).contains("memory limit exceeded") ? QueryError.MEMORY_LIMIT : QueryError.EXECUTION;
        return new ProteusSqlException(error, message, root);
    }

    private void checkCancelled() {
        if (cancelled.get()) {
            throw new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was cancelled"
                    + (cancelReason == null ? "" : ": " + cancelReason));
        }
    }

    /** Deals the fragment's inputs out among its tasks. */
    private List<Map<Integer, List<InputSplit>>> assignInputs(Fragment fragment) {
        int tasks = Math.max(1, fragment.instances());
        if (!fragment.hasScanSource() && !fragment.hasPartitionedSource()) {
            tasks = 1;
        }
        if (fragment.hasScanSource()) {
            int splits = fragment.sources().values().stream()
                    .filter(source -> source instanceof SourceBinding.Scan)
                    .mapToInt(source -> ((SourceBinding.Scan) source).splits().size())
                    .max().orElse(1);
            tasks = Math.max(1, Math.min(tasks, splits));
        }
        List<Map<Integer, List<InputSplit>>> assignments = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            assignments.add(new HashMap<>());
        }
        for (Map.Entry<Integer, SourceBinding> entry : fragment.sources().entrySet()) {
            int sourceId = entry.getKey();
            for (int task = 0; task < tasks; task++) {
                assignments.get(task).put(sourceId, new ArrayList<>());
            }
            switch (entry.getValue()) {
                case SourceBinding.Scan scan -> {
                    for (int i = 0; i < scan.splits().size(); i++) {
                        assignments.get(i % tasks).get(sourceId).add(scan.splits().get(i));
                    }
                }
                case SourceBinding.Partitioned partitioned -> {
                    StageOutput stage = current(partitioned.stage());
                    for (TaskResult producer : stage.tasks()) {
                        for (int partition = 0; partition < stage.partitionCount(); partition++) {
                            if (hasRows(producer, partition)) {
                                assignments.get(partition % tasks).get(sourceId).add(split(stage, producer, partition));
                            }
                        }
                    }
                }
                case SourceBinding.Spread spread -> {
                    int next = 0;
                    for (StageOutput original : spread.stages()) {
                        StageOutput stage = current(original);
                        for (TaskResult producer : stage.tasks()) {
                            for (int partition = 0; partition < stage.partitionCount(); partition++) {
                                if (hasRows(producer, partition)) {
                                    assignments.get(next++ % tasks).get(sourceId).add(split(stage, producer, partition));
                                }
                            }
                        }
                    }
                }
                case SourceBinding.Broadcast broadcast -> {
                    StageOutput stage = current(broadcast.stage());
                    for (int task = 0; task < tasks; task++) {
                        for (TaskResult producer : stage.tasks()) {
                            for (int partition = 0; partition < stage.partitionCount(); partition++) {
                                if (hasRows(producer, partition)) {
                                    assignments.get(task).get(sourceId).add(split(stage, producer, partition));
                                }
                            }
                        }
                    }
                }
            }
        }
        return assignments;
    }

    /**
     * Whether the producer wrote rows into the partition. Empty partitions are not read at all: their buffers are
     * released with the query, and skipping them saves a fetch (a Flight round trip when remote) per empty partition.
     */
    private static boolean hasRows(TaskResult producer, int partition) {
        for (PartitionStatistics statistics : producer.partitions()) {
            if (statistics.partition() == partition) {
                return statistics.rows() > 0;
            }
        }
        return true;
    }

    private BufferSplit split(StageOutput stage, TaskResult producer, int partition) {
        WorkerEndpoint worker = cluster.worker(producer.workerId());
        if (!holdsOutput(stage.stageId(), producer)) {
            throw new WorkerLostException(producer.workerId(), "it restarted, and its output went with the old process");
        }
        return new BufferSplit(worker.workerId(), worker.address(),
                new BufferId(queryId, stage.stageId(), producer.taskIndex(), partition));
    }

    /** Chooses a worker for each task as the fragment's decision said: packed where its input lives, or spread. */
    private List<WorkerEndpoint> place(Fragment fragment, int tasks) {
        List<WorkerEndpoint> workers = cluster.workers();
        if (workers.isEmpty()) {
            throw new ProteusSqlException(QueryError.EXECUTION, "No workers are available to run query " + queryId);
        }
        List<WorkerEndpoint> result = new ArrayList<>();
        if (fragment.placement() == Placement.PACK) {
            Map<String, Long> bytesByWorker = new HashMap<>();
            for (SourceBinding source : fragment.sources().values()) {
                StageOutput stage = switch (source) {
                    case SourceBinding.Partitioned partitioned -> current(partitioned.stage());
                    case SourceBinding.Broadcast broadcast -> current(broadcast.stage());
                    case SourceBinding.Spread ignored -> null;
                    case SourceBinding.Scan ignored -> null;
                };
                if (stage != null) {
                    stage.tasks().forEach(task -> bytesByWorker.merge(task.workerId(), task.outputBytes(), Long::sum));
                }
                if (source instanceof SourceBinding.Spread spread) {
                    spread.stages().forEach(spreadStage -> current(spreadStage).tasks()
                            .forEach(task -> bytesByWorker.merge(task.workerId(), task.outputBytes(), Long::sum)));
                }
            }
            List<WorkerEndpoint> ordered = new ArrayList<>(workers);
            ordered.sort(Comparator.comparingLong((WorkerEndpoint worker) -> bytesByWorker.getOrDefault(worker.workerId(), 0L)).reversed());
            int worker = 0;
            int used = 0;
            for (int task = 0; task < tasks; task++) {
                if (used >= ordered.get(worker).slots()) {
                    worker = (worker + 1) % ordered.size();
                    used = 0;
                }
                result.add(ordered.get(worker));
                used++;
            }
            return result;
        }
        int offset = roundRobinOffset;
        for (int task = 0; task < tasks; task++) {
            result.add(workers.get((offset + task) % workers.size()));
        }
        roundRobinOffset = (offset + tasks) % workers.size();
        return result;
    }
}
