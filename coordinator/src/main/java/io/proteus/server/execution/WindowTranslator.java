package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.plan.ExchangeSourceNode;
import io.proteus.executor.plan.ProjectNode;
import io.proteus.executor.plan.SortKey;
import io.proteus.executor.plan.WindowCall;
import io.proteus.executor.plan.WindowFrame;
import io.proteus.executor.plan.WindowFunction;
import io.proteus.executor.plan.WindowNode;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import io.proteus.planner.translate.RexTranslator;
import io.proteus.planner.translate.TypeTranslator;
import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionPoint;
import io.proteus.spi.decision.Implementations;
import io.proteus.spi.decision.InputObservation;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Compiles a {@code LogicalWindow} into {@link WindowNode}s, one per window group (partition keys, order keys and
 * frame), and the exchanges they need. Every row of a partition must reach one task: a group with partition keys runs
 * over its input hash-partitioned on those keys, in parallel, as many instances as the window decision chooses; a group
 * without runs in one task over the gathered input. Groups are evaluated one after another, those with fewer partition
 * keys first, so that a later group whose keys include the earlier one's reuses its distribution instead of a new
 * exchange; groups over the whole input come last. Constants and argument casts are projected before the windows, and a
 * projection after them restores Calcite's column order.
 */
final class WindowTranslator {

    /** What the translator needs from the controller running the workflow. */
    interface Stages {

        /** Runs a fragment as a stage whose output is partitioned as given, and waits for it. */
        StageOutput materialize(Fragment fragment, String label, OutputPartitioning output);

        /** Runs the decision node of {@code point} (whose only candidate is {@code implementation}) on an observed input. */
        Decision decide(String nodeId, DecisionPoint point, String implementation, InputObservation input,
                Map<String, String> properties);

        /** A fresh source id for an exchange leaf. */
        int nextSourceId();
    }

    private final RexTranslator rexTranslator;
    private final int hashPartitions;
    private final Stages stages;

    WindowTranslator(RexTranslator rexTranslator, int hashPartitions, Stages stages) {
        this.rexTranslator = requireNonNull(rexTranslator, "rexTranslator");
        this.hashPartitions = hashPartitions;
        this.stages = requireNonNull(stages, "stages");
    }

    /** Compiles {@code window} over its already compiled input. */
    Fragment translate(LogicalWindow window, Fragment input, String nodeId) {
        WindowColumns columns = new WindowColumns(window, input.types());
        List<GroupPlan> groups = new ArrayList<>();
        int ordinal = 0;
        for (Window.Group group : window.groups) {
            groups.add(plan(group, columns, ordinal));
            ordinal += group.aggCalls.size();
        }
        Fragment current = input;
        if (columns.expressions.size() > input.types().size()) {
            current = input.withNode(new ProjectNode(input.node(), columns.expressions), columns.types);
        }
        // Output column of every call, in Calcite's order.
        int[] outputColumns = new int[ordinal];
        Set<Integer> distribution = null;
        int exchanges = 0;
        List<GroupPlan> evaluationOrder = new ArrayList<>(groups);
        evaluationOrder.sort(Comparator.comparingInt(
                (GroupPlan group) -> group.partitionKeys.isEmpty() ? Integer.MAX_VALUE : group.partitionKeys.size()));
        for (GroupPlan group : evaluationOrder) {
            boolean oneTask = !current.hasScanSource() && !current.hasPartitionedSource();
            Set<Integer> keys = new HashSet<>(group.partitionKeys);
            if (!oneTask && (keys.isEmpty() || distribution == null || !keys.containsAll(distribution))) {
                String id = exchanges == 0 ? nodeId : nodeId + "-" + exchanges;
                current = keys.isEmpty() ? gather(current, id) : repartition(current, group.partitionKeys, id);
                distribution = keys.isEmpty() ? null : keys;
                exchanges++;
            }
            List<DataType> types = new ArrayList<>(current.types());
            for (int call = 0; call < group.calls.size(); call++) {
                outputColumns[group.firstOrdinal + call] = types.size();
                types.add(group.calls.get(call).type());
            }
            current = current.withNode(new WindowNode(current.node(), group.partitionKeys, group.orderKeys, group.frame,
                    group.calls), types);
        }
        return current.withNode(new ProjectNode(current.node(), outputs(window, current.types(), outputColumns)),
                window.getRowType().getFieldList().stream().map(field -> TypeTranslator.toDataType(field.getType())).toList());
    }

    private Fragment repartition(Fragment fragment, List<Integer> keys, String nodeId) {
        OutputPartitioning exchange = OutputPartitioning.hash(keys, hashPartitions);
        StageOutput stage = stages.materialize(fragment, "window input", exchange);
        Decision decision = stages.decide(nodeId, DecisionPoint.WINDOW, Implementations.PARTITIONED_WINDOW,
                stage.observation(), Map.of("partitions", Integer.toString(exchange.partitionCount())));
        int sourceId = stages.nextSourceId();
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>();
        sources.put(sourceId, new SourceBinding.Partitioned(stage));
        return new Fragment(new ExchangeSourceNode(sourceId, stage.types()), stage.types(), sources,
                Math.max(1, Math.min(decision.instances(), exchange.partitionCount())), decision.placement(), nodeId);
    }

    private Fragment gather(Fragment fragment, String nodeId) {
        StageOutput stage = stages.materialize(fragment, "window input", OutputPartitioning.single());
        Decision decision = stages.decide(nodeId, DecisionPoint.GATHER, Implementations.GATHER, stage.observation(), Map.of());
        int sourceId = stages.nextSourceId();
        Map<Integer, SourceBinding> sources = new LinkedHashMap<>();
        sources.put(sourceId, new SourceBinding.Broadcast(stage));
        return new Fragment(new ExchangeSourceNode(sourceId, stage.types()), stage.types(), sources, 1, decision.placement(),
                nodeId);
    }

    /** The window's output: its input columns, then every call's result ({@code $SUM0} as 0 rather than NULL). */
    private static List<Expression> outputs(LogicalWindow window, List<DataType> types, int[] outputColumns) {
        int inputCount = window.getInput().getRowType().getFieldCount();
        List<Expression> outputs = new ArrayList<>();
        for (int column = 0; column < inputCount; column++) {
            outputs.add(new InputReference(column, types.get(column)));
        }
        int ordinal = 0;
        for (Window.Group group : window.groups) {
            for (Window.RexWinAggCall call : group.aggCalls) {
                int column = outputColumns[ordinal++];
                Expression result = new InputReference(column, types.get(column));
                if (call.getKind() == SqlKind.SUM0) {
                    DataType type = TypeTranslator.toDataType(call.getType());
                    result = new Call(ScalarFunction.COALESCE, List.of(result, zero(type)), type.withNullable(false));
                }
                outputs.add(result);
            }
        }
        return outputs;
    }

    private static Literal zero(DataType type) {
        return switch (type.kind()) {
            case DECIMAL -> new Literal(BigDecimal.ZERO.setScale(type.scale()).toPlainString(), type.withNullable(false));
            case DOUBLE -> new Literal("0.0", type.withNullable(false));
            default -> new Literal("0", type.withNullable(false));
        };
    }

    /** One window group ready to run: its keys, frame and calls over the projected input columns. */
    private record GroupPlan(List<Integer> partitionKeys, List<SortKey> orderKeys, WindowFrame frame, List<WindowCall> calls,
            int firstOrdinal) {
    }

    private GroupPlan plan(Window.Group group, WindowColumns columns, int firstOrdinal) {
        if (group.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER) {
            throw unsupported("window frame " + group.exclude);
        }
        List<SortKey> orderKeys = new ArrayList<>();
        for (RelFieldCollation field : group.orderKeys.getFieldCollations()) {
            orderKeys.add(new SortKey(field.getFieldIndex(), field.getDirection().isDescending(),
                    field.nullDirection == RelFieldCollation.NullDirection.FIRST));
        }
        WindowFrame.Unit unit = group.isRows ? WindowFrame.Unit.ROWS : WindowFrame.Unit.RANGE;
        DataType orderKeyType = orderKeys.size() == 1 ? columns.types.get(orderKeys.getFirst().column()) : null;
        WindowFrame frame = new WindowFrame(unit, bound(group.lowerBound, columns, orderKeyType),
                bound(group.upperBound, columns, orderKeyType));
        List<WindowCall> calls = new ArrayList<>();
        for (Window.RexWinAggCall call : group.aggCalls) {
            calls.add(call(call, columns));
        }
        return new GroupPlan(group.keys.asList(), orderKeys, frame, calls, firstOrdinal);
    }

    private WindowCall call(Window.RexWinAggCall call, WindowColumns columns) {
        if (call.distinct) {
            throw unsupported("DISTINCT in window function " + call.getOperator().getName());
        }
        if (call.ignoreNulls) {
            throw unsupported("IGNORE NULLS in window function " + call.getOperator().getName());
        }
        DataType type = TypeTranslator.toDataType(call.getType());
        List<RexNode> operands = call.getOperands();
        WindowFunction function = switch (call.getKind()) {
            case ROW_NUMBER -> WindowFunction.ROW_NUMBER;
            case RANK -> WindowFunction.RANK;
            case DENSE_RANK -> WindowFunction.DENSE_RANK;
            case PERCENT_RANK -> WindowFunction.PERCENT_RANK;
            case CUME_DIST -> WindowFunction.CUME_DIST;
            case NTILE -> WindowFunction.NTILE;
            case LAG -> WindowFunction.LAG;
            case LEAD -> WindowFunction.LEAD;
            case FIRST_VALUE -> WindowFunction.FIRST_VALUE;
            case LAST_VALUE -> WindowFunction.LAST_VALUE;
            case NTH_VALUE -> WindowFunction.NTH_VALUE;
            case COUNT -> operands.isEmpty() ? WindowFunction.COUNT_STAR : WindowFunction.COUNT;
            case SUM, SUM0 -> WindowFunction.SUM;
            case AVG -> WindowFunction.AVG;
            case MIN -> WindowFunction.MIN;
            case MAX -> WindowFunction.MAX;
            default -> throw unsupported("window function " + call.getOperator().getName());
        };
        if (call.getKind() == SqlKind.SUM0) {
            type = type.withNullable(true);
        }
        if (function == WindowFunction.COUNT && operands.size() > 1) {
            throw unsupported("COUNT of several arguments over a window");
        }
        List<Integer> arguments = new ArrayList<>();
        for (int index = 0; index < operands.size(); index++) {
            RexNode operand = operands.get(index);
            DataType operandType = TypeTranslator.toDataType(operand.getType());
            DataType required = switch (function) {
                case NTILE -> integral(operandType);
                case LAG, LEAD -> index == 1 ? integral(operandType) : type;
                case NTH_VALUE -> index == 1 ? integral(operandType) : type;
                case FIRST_VALUE, LAST_VALUE, MIN, MAX -> type;
                case SUM -> summable(operandType, type) ? operandType : type;
                case AVG -> isNumeric(operandType) ? operandType : DataType.doubleType(true);
                default -> operandType;
            };
            arguments.add(columns.column(operand, required));
        }
        return new WindowCall(function, arguments, type);
    }

    private static DataType integral(DataType type) {
        return type.kind() == TypeKind.INTEGER || type.kind() == TypeKind.BIGINT ? type : DataType.bigint(true);
    }

    private static boolean isNumeric(DataType type) {
        return switch (type.kind()) {
            case INTEGER, BIGINT, DECIMAL, DOUBLE -> true;
            default -> false;
        };
    }

    /** Whether the executor sums values of {@code argument} straight into {@code result}. */
    private static boolean summable(DataType argument, DataType result) {
        return switch (argument.kind()) {
            case INTEGER, BIGINT -> result.kind() == TypeKind.BIGINT;
            case DOUBLE -> result.kind() == TypeKind.DOUBLE;
            case DECIMAL -> result.kind() == TypeKind.DECIMAL && result.scale() == argument.scale();
            default -> false;
        };
    }

    private WindowFrame.Bound bound(RexWindowBound bound, WindowColumns columns, DataType orderKeyType) {
        if (bound.isUnboundedPreceding()) {
            return WindowFrame.Bound.unboundedPreceding();
        }
        if (bound.isUnboundedFollowing()) {
            return WindowFrame.Bound.unboundedFollowing();
        }
        if (bound.isCurrentRow()) {
            return WindowFrame.Bound.currentRow();
        }
        RexLiteral literal = columns.constant(bound.getOffset());
        if (literal == null || literal.isNull()) {
            throw unsupported("window frame offset " + bound.getOffset());
        }
        BigDecimal offset;
        SqlTypeName typeName = literal.getType().getSqlTypeName();
        if (SqlTypeName.INTERVAL_TYPES.contains(typeName)) {
            if (SqlTypeName.YEAR_INTERVAL_TYPES.contains(typeName) || orderKeyType == null || orderKeyType.kind() != TypeKind.DATE) {
                throw unsupported("window frame offset " + literal + " over " + orderKeyType);
            }
            BigDecimal days = literal.getValueAs(BigDecimal.class).divide(BigDecimal.valueOf(86_400_000L));
            if (days.stripTrailingZeros().scale() > 0) {
                throw unsupported("window frame offset of a fraction of a day: " + literal);
            }
            offset = days;
        } else {
            offset = literal.getValueAs(BigDecimal.class);
        }
        if (offset == null || offset.signum() < 0) {
            throw new ProteusSqlException(QueryError.VALIDATION, "Window frame offsets must not be negative: " + literal);
        }
        return new WindowFrame.Bound(bound.isPreceding() ? WindowFrame.BoundKind.PRECEDING : WindowFrame.BoundKind.FOLLOWING,
                offset);
    }

    /**
     * The columns the window groups read: the window's input columns, then the constants and casts the calls need,
     * each projected once.
     */
    private final class WindowColumns {

        private final LogicalWindow window;
        private final int inputCount;
        private final List<Expression> expressions = new ArrayList<>();
        private final List<DataType> types = new ArrayList<>();
        private final Map<Expression, Integer> projected = new HashMap<>();

        WindowColumns(LogicalWindow window, List<DataType> inputTypes) {
            this.window = window;
            this.inputCount = inputTypes.size();
            IntStream.range(0, inputCount).forEach(column -> {
                expressions.add(new InputReference(column, inputTypes.get(column)));
                types.add(inputTypes.get(column));
            });
        }

        /** The literal an operand stands for (a window constant, or a literal), or null if it is not constant. */
        RexLiteral constant(RexNode operand) {
            if (operand instanceof RexInputRef reference && reference.getIndex() >= inputCount) {
                return window.constants.get(reference.getIndex() - inputCount);
            }
            return operand instanceof RexLiteral literal ? literal : null;
        }

        /** The column holding {@code operand} as {@code required} (kind, precision and scale), projecting it if needed. */
        int column(RexNode operand, DataType required) {
            Expression expression;
            RexLiteral literal = constant(operand);
            if (literal != null) {
                expression = rexTranslator.translate(literal);
            } else if (operand instanceof RexInputRef reference) {
                expression = expressions.get(reference.getIndex());
            } else {
                expression = rexTranslator.translate(operand);
            }
            DataType type = expression.type();
            if (!type.withNullable(true).equals(required.withNullable(true))) {
                expression = new Call(ScalarFunction.CAST, List.of(expression), required.withNullable(type.nullable()));
            } else if (expression instanceof InputReference reference) {
                return reference.index();
            }
            Integer existing = projected.get(expression);
            if (existing != null) {
                return existing;
            }
            int column = expressions.size();
            expressions.add(expression);
            types.add(expression.type());
            projected.put(expression, column);
            return column;
        }
    }

    private static ProteusSqlException unsupported(String what) {
        return new ProteusSqlException(QueryError.NOT_SUPPORTED, "Not supported yet: " + what);
    }
}
