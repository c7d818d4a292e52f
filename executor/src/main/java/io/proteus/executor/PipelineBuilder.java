package io.proteus.executor;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.InputColumns;
import io.proteus.executor.operator.FilterOperator;
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
import io.proteus.executor.plan.ExchangeSourceNode;
import io.proteus.executor.plan.FilterNode;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.LimitNode;
import io.proteus.executor.plan.MergeJoinNode;
import io.proteus.executor.plan.NestedLoopJoinNode;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.ProjectNode;
import io.proteus.executor.plan.ExpandNode;
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
import java.util.List;
import java.util.function.Function;
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
            // A filter under a projection or an aggregation is fused into it: its rows are never copied.
            case ProjectNode project when project.input() instanceof FilterNode filter -> unary(filter.input(),
                    input -> new ProjectOperator(context("filterProject"), input, project.expressions(), filter.condition()));
            // A projection over a hash join: the join gathers only the columns the projection reads.
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
            case ExpandNode expand -> unary(expand.input(),
                    input -> new ExpandOperator(context("expand"), input, expand.projections()));
            case WindowNode window -> unary(window.input(), input -> new WindowOperator(context("window"), input, window));
            case HashJoinNode join -> binary(join.left(), join.right(),
                    (left, right) -> new HashJoinOperator(context("hashJoin"), left, right, join));
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
        int[] kept = InputColumns.referenced(project.expressions());
        if (kept.length == 0) {
            // Only literals: one column still carries the row count.
            kept = new int[] {0};
        }
        int[] outputColumns = kept;
        Operator joined = binary(join.left(), join.right(),
                (left, right) -> new HashJoinOperator(context("hashJoin"), left, right, join, outputColumns));
        try {
            return new ProjectOperator(context("project"), joined, InputColumns.narrowed(project.expressions(), outputColumns));
        } catch (RuntimeException e) {
            closeQuietly(joined, e);
            throw e;
        }
    }

    private OperatorContext context(String kind) {
        BufferAllocator allocator = taskAllocator.newChildAllocator(
                taskAllocator.getName() + "-op" + allocators.size() + "-" + kind, 0, Long.MAX_VALUE);
        allocators.add(allocator);
        return new OperatorContext(task, allocator);
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
