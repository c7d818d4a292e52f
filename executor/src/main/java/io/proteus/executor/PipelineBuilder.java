package io.proteus.executor;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.InputColumns;
import io.proteus.executor.operator.FilterOperator;
import io.proteus.executor.operator.GroupingSetsAggregateOperator;
import io.proteus.executor.operator.LimitOperator;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.operator.ProjectOperator;
import io.proteus.executor.operator.TaskContext;
import io.proteus.executor.operator.UnionAllOperator;
import io.proteus.executor.operator.ValuesOperator;
import io.proteus.executor.operator.aggregate.HashAggregateOperator;
import io.proteus.executor.operator.join.HashJoinOperator;
import io.proteus.executor.operator.join.MergeJoinOperator;
import io.proteus.executor.operator.join.NestedLoopJoinOperator;
import io.proteus.executor.operator.sort.SortOperator;
import io.proteus.executor.operator.sort.TopNOperator;
import io.proteus.executor.operator.window.WindowOperator;
import io.proteus.executor.plan.AggregateNode;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.plan.ExchangeSourceNode;
import io.proteus.executor.plan.FilterNode;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.LimitNode;
import io.proteus.executor.plan.MergeJoinNode;
import io.proteus.executor.plan.NestedLoopJoinNode;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.ProjectNode;
import io.proteus.executor.plan.ExpandNode;
import io.proteus.executor.plan.GroupingSetsAggregateNode;
import io.proteus.executor.operator.ExpandOperator;
import io.proteus.executor.plan.SortNode;
import io.proteus.executor.plan.TableScanNode;
import io.proteus.executor.plan.TopNNode;
import io.proteus.executor.plan.UnionAllNode;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.plan.WindowNode;
import io.proteus.executor.scan.ExchangeSourceOperator;
import io.proteus.executor.scan.TableScanOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Turns a plan fragment into a tree of operators, giving each operator its own named child allocator of the task
 * allocator ({@code <task>-op<n>-<kind>}). The allocators are collected so the task can close them after the operators.
 */
public final class PipelineBuilder {

    private final TaskContext task;
    private final BufferAllocator taskAllocator;
    private final List<BufferAllocator> allocators = new ArrayList<>();

    public PipelineBuilder(TaskContext task, BufferAllocator taskAllocator) {
        this.task = requireNonNull(task, "task");
        this.taskAllocator = requireNonNull(taskAllocator, "taskAllocator");
    }

    /** The operator allocators created so far, in creation order (children before parents). */
    public List<BufferAllocator> allocators() {
        return allocators;
    }

    /** Builds the operator tree of {@code node}; on failure, operators already built are closed. */
    public Operator build(PlanNode node) {
        return switch (node) {
            case TableScanNode scan -> new TableScanOperator(context("tableScan"), scan);
            case ExchangeSourceNode exchange -> new ExchangeSourceOperator(context("exchangeSource"), exchange);
            case ValuesNode values -> new ValuesOperator(context("values"), values.columnTypes(), values.rows());
            case FilterNode filter -> unary(filter.input(), input -> new FilterOperator(context("filter"), input, filter.condition()));
            // A projection (with a fused filter) over a hash join: the join gathers only the columns they read.
            case ProjectNode project when project.input() instanceof FilterNode filter
                    && filter.input() instanceof HashJoinNode join -> filteredProjectedJoin(project, filter, join);
            // A filter under a projection or an aggregation is fused into it: its rows are never copied.
            case ProjectNode project when project.input() instanceof FilterNode filter -> unary(filter.input(),
                    input -> new ProjectOperator(context("filterProject"), input, project.expressions(), filter.condition()));
            case ProjectNode project when project.input() instanceof HashJoinNode join -> projectedJoin(project, join);
            case ProjectNode project -> unary(project.input(),
                    input -> new ProjectOperator(context("project"), input, project.expressions()));
            case AggregateNode aggregate when aggregate.input() instanceof FilterNode filter -> unary(filter.input(),
                    input -> new HashAggregateOperator(context("filterAggregate"), input, aggregate, filter.condition()));
            case AggregateNode aggregate -> unary(aggregate.input(),
                    input -> new HashAggregateOperator(context("aggregate"), input, aggregate));
            case SortNode sort -> unary(sort.input(), input -> new SortOperator(context("sort"), input, sort.keys()));
            case TopNNode topN -> unary(topN.input(),
                    input -> new TopNOperator(context("topN"), input, topN.keys(), topN.count()));
            case LimitNode limit -> unary(limit.input(),
                    input -> new LimitOperator(context("limit"), input, limit.offset(), limit.fetch()));
            // A partial aggregation whose rows are expanded (grouping sets) keeps aggregating however little it
            // reduces: every row it passed through would be multiplied by the expansion.
            case ExpandNode expand when expand.input() instanceof AggregateNode partial
                    && partial.step() == AggregateStep.PARTIAL -> expandedPartialAggregate(expand, partial);
            case ExpandNode expand -> unary(expand.input(),
                    input -> new ExpandOperator(context("expand"), input, expand.projections()));
            case GroupingSetsAggregateNode groupingSets when groupingSets.input() instanceof FilterNode filter ->
                    unary(filter.input(), input -> new GroupingSetsAggregateOperator(context("filterGroupingSetsAggregate"),
                            input, groupingSets, filter.condition()));
            case GroupingSetsAggregateNode groupingSets -> unary(groupingSets.input(),
                    input -> new GroupingSetsAggregateOperator(context("groupingSetsAggregate"), input, groupingSets));
            case WindowNode window -> unary(window.input(), input -> new WindowOperator(context("window"), input, window));
            case HashJoinNode join -> binary(join.left(), join.right(), (left, right) -> {
                String sharedKey = sharedBuildKey(join);
                return new HashJoinOperator(context("hashJoin"), left, right, join, null, sharedKey);
            });
            case MergeJoinNode join -> binary(join.left(), join.right(),
                    (left, right) -> new MergeJoinOperator(context("mergeJoin"), left, right, join));
            case NestedLoopJoinNode join -> binary(join.left(), join.right(),
                    (left, right) -> new NestedLoopJoinOperator(context("nestedLoopJoin"), left, right, join));
            case UnionAllNode union -> unionAll(union);
        };
    }

    private Operator unionAll(UnionAllNode union) {
        List<Operator> inputs = new ArrayList<>();
        try {
            for (PlanNode input : union.inputs()) {
                inputs.add(build(input));
            }
            return new UnionAllOperator(inputs, union.columnTypes());
        } catch (RuntimeException e) {
            inputs.forEach(input -> closeQuietly(input, e));
            throw e;
        }
    }

    private Operator projectedJoin(ProjectNode project, HashJoinNode join) {
        int[] required = InputColumns.referenced(project.expressions());
        Narrowed joined = narrowedJoin(join, required.length == 0 ? new int[] {0} : required);
        try {
            return new ProjectOperator(context("project"), joined.operator(),
                    InputColumns.narrowed(project.expressions(), joined.kept()));
        } catch (RuntimeException e) {
            closeQuietly(joined.operator(), e);
            throw e;
        }
    }

    /** A filter fused into the projection above it, over a join that gathers only what both read. */
    private Operator filteredProjectedJoin(ProjectNode project, FilterNode filter, HashJoinNode join) {
        List<Expression> read = new ArrayList<>(project.expressions());
        read.add(filter.condition());
        Narrowed joined = narrowedJoin(join, InputColumns.referenced(read));
        try {
            return new ProjectOperator(context("filterProject"), joined.operator(),
                    InputColumns.narrowed(project.expressions(), joined.kept()),
                    InputColumns.narrowed(List.of(filter.condition()), joined.kept()).getFirst());
        } catch (RuntimeException e) {
            closeQuietly(joined.operator(), e);
            throw e;
        }
    }

    /** An operator whose output is the columns {@code kept} (increasing numbers) of a plan node's output, in order. */
    private record Narrowed(Operator operator, int[] kept) {
    }

    /**
     * Builds a hash join that outputs only its columns {@code required} (increasing, at least one), and narrows its
     * inputs in turn to what it reads of them (keys, residual condition, required columns): through a chain of joins,
     * columns nobody above reads (join keys already used, say) are never gathered. The join's keys and residual are
     * renumbered to the narrowed inputs.
     */
    private Narrowed narrowedJoin(HashJoinNode join, int[] required) {
        int leftWidth = width(join.left());
        boolean leftOnly = join.joinType() == JoinType.SEMI || join.joinType() == JoinType.ANTI;
        if (leftWidth < 0 || width(join.right()) < 0) {
            Operator joined = binary(join.left(), join.right(), (left, right) -> {
                String sharedKey = sharedBuildKey(join);
                return new HashJoinOperator(context("hashJoin"), left, right, join, required, sharedKey);
            });
            return new Narrowed(joined, required);
        }
        BitSet leftNeeded = new BitSet();
        BitSet rightNeeded = new BitSet();
        join.leftKeys().forEach(leftNeeded::set);
        join.rightKeys().forEach(rightNeeded::set);
        List<Integer> read = new ArrayList<>();
        if (join.residualCondition() != null) {
            for (int column : InputColumns.referenced(List.of(join.residualCondition()))) {
                read.add(column);
            }
        }
        for (int column : required) {
            if (leftOnly && column >= leftWidth) {
                throw new IllegalArgumentException("output column " + column + " of a " + join.joinType()
                        + " join does not exist; it outputs " + leftWidth);
            }
            read.add(column);
        }
        for (int column : read) {
            if (column < leftWidth) {
                leftNeeded.set(column);
            } else {
                rightNeeded.set(column - leftWidth);
            }
        }
        Narrowed left = narrowedInput(join.left(), leftNeeded);
        Narrowed right;
        try {
            right = narrowedInput(join.right(), rightNeeded);
        } catch (RuntimeException e) {
            closeQuietly(left.operator(), e);
            throw e;
        }
        try {
            int[] combined = new int[left.kept().length + right.kept().length];
            System.arraycopy(left.kept(), 0, combined, 0, left.kept().length);
            for (int i = 0; i < right.kept().length; i++) {
                combined[left.kept().length + i] = leftWidth + right.kept()[i];
            }
            Expression residual = join.residualCondition() == null ? null
                    : InputColumns.narrowed(List.of(join.residualCondition()), combined).getFirst();
            HashJoinNode renumbered = new HashJoinNode(join.left(), join.right(), join.joinType(),
                    positions(join.leftKeys(), left.kept()), positions(join.rightKeys(), right.kept()), residual,
                    join.buildSide(), join.sharedBuild());
            int[] outputs = new int[required.length];
            for (int i = 0; i < required.length; i++) {
                outputs[i] = Arrays.binarySearch(combined, required[i]);
            }
            String sharedKey = sharedBuildKey(join);
            Operator joined = new HashJoinOperator(context("hashJoin"), left.operator(), right.operator(), renumbered,
                    outputs, sharedKey);
            return new Narrowed(joined, required);
        } catch (RuntimeException e) {
            closeQuietly(left.operator(), e);
            closeQuietly(right.operator(), e);
            throw e;
        }
    }

    /**
     * Builds a join input, narrowed to the {@code needed} columns where it is a join (or a filter over one); other
     * inputs are built whole.
     */
    private Narrowed narrowedInput(PlanNode node, BitSet needed) {
        int[] kept = needed.isEmpty() ? new int[] {0} : needed.stream().toArray();
        if (node instanceof HashJoinNode join) {
            return narrowedJoin(join, kept);
        }
        if (node instanceof FilterNode filter && filter.input() instanceof HashJoinNode join) {
            BitSet withCondition = (BitSet) needed.clone();
            for (int column : InputColumns.referenced(List.of(filter.condition()))) {
                withCondition.set(column);
            }
            int[] read = withCondition.isEmpty() ? new int[] {0} : withCondition.stream().toArray();
            Narrowed joined = narrowedJoin(join, read);
            try {
                return new Narrowed(new FilterOperator(context("filter"), joined.operator(),
                        InputColumns.narrowed(List.of(filter.condition()), read).getFirst()), read);
            } catch (RuntimeException e) {
                closeQuietly(joined.operator(), e);
                throw e;
            }
        }
        Operator operator = build(node);
        return new Narrowed(operator, IntStream.range(0, operator.schema().getFields().size()).toArray());
    }

    private static List<Integer> positions(List<Integer> columns, int[] kept) {
        List<Integer> result = new ArrayList<>(columns.size());
        for (int column : columns) {
            result.add(Arrays.binarySearch(kept, column));
        }
        return result;
    }

    /** The number of output columns of a plan node, or -1 where it is not worked out here. */
    private static int width(PlanNode node) {
        return switch (node) {
            case TableScanNode scan -> scan.columnTypes().size();
            case ExchangeSourceNode exchange -> exchange.columnTypes().size();
            case ValuesNode values -> values.columnTypes().size();
            case UnionAllNode union -> union.columnTypes().size();
            case ProjectNode project -> project.expressions().size();
            case ExpandNode expand -> expand.projections().getFirst().size();
            case FilterNode filter -> width(filter.input());
            case LimitNode limit -> width(limit.input());
            case SortNode sort -> width(sort.input());
            case TopNNode topN -> width(topN.input());
            case HashJoinNode join -> {
                int left = width(join.left());
                int right = width(join.right());
                yield join.joinType() == JoinType.SEMI || join.joinType() == JoinType.ANTI ? left
                        : left < 0 || right < 0 ? -1 : left + right;
            }
            default -> -1;
        };
    }

    /**
     * The key under which the tasks of this stage on one worker share the join's build, or null: only a join whose
     * build input is a broadcast exchange (the same splits in every task) shares it. The key names the stage, the
     * operator's position in the fragment (the same in every task of the stage) and the splits themselves.
     */
    private String sharedBuildKey(HashJoinNode join) {
        PlanNode buildNode = join.buildSide() == JoinSide.LEFT ? join.left() : join.right();
        if (!join.sharedBuild() || !(buildNode instanceof ExchangeSourceNode source)) {
            return null;
        }
        return "stage-" + task.stageId() + "-op" + allocators.size() + "-hashJoin " + task.splits(source.sourceId());
    }

    private OperatorContext context(String kind) {
        BufferAllocator allocator = taskAllocator.newChildAllocator(
                taskAllocator.getName() + "-op" + allocators.size() + "-" + kind, 0, Long.MAX_VALUE);
        allocators.add(allocator);
        return new OperatorContext(task, allocator);
    }

    /**
     * The expansion (grouping sets) of a partial aggregation, whose filter input is fused into it. The aggregation
     * keeps aggregating however little it reduces: every row it passed through would be multiplied by the expansion.
     */
    private Operator expandedPartialAggregate(ExpandNode expand, AggregateNode partial) {
        Expression condition = partial.input() instanceof FilterNode filter ? filter.condition() : null;
        PlanNode inputNode = condition == null ? partial.input() : ((FilterNode) partial.input()).input();
        return unary(inputNode, input -> {
            Operator aggregate = new HashAggregateOperator(context(condition == null ? "aggregate" : "filterAggregate"),
                    input, partial, condition, false);
            try {
                return new ExpandOperator(context("expand"), aggregate, expand.projections());
            } catch (RuntimeException e) {
                closeQuietly(aggregate, e);
                throw e;
            }
        });
    }

    private Operator unary(PlanNode inputNode, Function<Operator, Operator> factory) {
        Operator input = build(inputNode);
        try {
            return factory.apply(input);
        } catch (RuntimeException e) {
            closeQuietly(input, e);
            throw e;
        }
    }

    private interface BinaryFactory {
        Operator create(Operator left, Operator right);
    }

    private Operator binary(PlanNode leftNode, PlanNode rightNode, BinaryFactory factory) {
        Operator left = build(leftNode);
        Operator right;
        try {
            right = build(rightNode);
        } catch (RuntimeException e) {
            closeQuietly(left, e);
            throw e;
        }
        try {
            return factory.create(left, right);
        } catch (RuntimeException e) {
            closeQuietly(left, e);
            closeQuietly(right, e);
            throw e;
        }
    }

    private static void closeQuietly(Operator operator, RuntimeException primary) {
        try {
            operator.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
