package io.proteus.executor.operator.aggregate;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateStep;
import io.proteus.executor.type.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * How one {@link AggregateCall} runs in one {@link AggregateStep}: its accumulator, the input expressions that feed it
 * (raw arguments cast to the accumulator's input type, or the partial state columns for FINAL), whether inputs are
 * merged states, and the declared types of its output columns.
 */
record AggregateSpec(AggregateCall call, Accumulator accumulator, List<Expression> inputs, boolean merge,
        List<DataType> outputTypes) {

    AggregateSpec {
        requireNonNull(call, "call");
        requireNonNull(accumulator, "accumulator");
        inputs = List.copyOf(inputs);
        outputTypes = List.copyOf(outputTypes);
    }

    static AggregateSpec create(AggregateCall call, AggregateStep step, List<DataType> inputTypes) {
        DataType resultType = call.type();
        boolean merge = step.mergesStates();
        List<Integer> arguments = call.arguments();
        return switch (call.function()) {
            case COUNT_STAR -> count(call, true, merge, arguments, inputTypes, step);
            case COUNT -> count(call, false, merge, arguments, inputTypes, step);
            case SUM -> {
                DataType sumType = SumAccumulator.sumTypeFor(resultType);
                yield new AggregateSpec(call, SumAccumulator.of(sumType), List.of(cast(argument(call, 0, inputTypes), sumType)),
                        merge, step.outputsStates() ? List.of(resultType.withNullable(true)) : List.of(resultType));
            }
            case MIN, MAX, ANY_VALUE -> {
                MinMaxAccumulator.Mode mode = switch (call.function()) {
                    case MIN -> MinMaxAccumulator.Mode.MIN;
                    case MAX -> MinMaxAccumulator.Mode.MAX;
                    default -> MinMaxAccumulator.Mode.ANY;
                };
                yield new AggregateSpec(call, MinMaxAccumulator.of(mode, resultType),
                        List.of(cast(argument(call, 0, inputTypes), resultType)), merge,
                        List.of(step.outputsStates() ? resultType.withNullable(true) : resultType));
            }
            case SINGLE_VALUE -> {
                List<Expression> inputs = merge
                        ? List.of(cast(argument(call, 0, inputTypes), resultType), cast(argument(call, 1, inputTypes), DataType.bigint(true)))
                        : List.of(cast(argument(call, 0, inputTypes), resultType));
                yield new AggregateSpec(call, new SingleValueAccumulator(resultType), inputs, merge,
                        step.outputsStates() ? List.of(resultType.withNullable(true), DataType.bigint(false))
                                : List.of(resultType));
            }
            case AVG -> {
                InputReference first = argument(call, 0, inputTypes);
                DataType sumType = SumAccumulator.sumTypeFor(first.type());
                List<Expression> inputs = merge
                        ? List.of(cast(first, sumType), cast(argument(call, 1, inputTypes), DataType.bigint(true)))
                        : List.of(cast(first, sumType));
                yield new AggregateSpec(call, new AverageAccumulator(sumType, resultType), inputs, merge,
                        step.outputsStates() ? List.of(sumType, DataType.bigint(false)) : List.of(resultType));
            }
            case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> {
                boolean sample = call.function() == io.proteus.executor.plan.AggregateFunction.STDDEV_SAMP
                        || call.function() == io.proteus.executor.plan.AggregateFunction.VAR_SAMP;
                boolean root = call.function() == io.proteus.executor.plan.AggregateFunction.STDDEV_SAMP
                        || call.function() == io.proteus.executor.plan.AggregateFunction.STDDEV_POP;
                DataType doubleType = DataType.doubleType(true);
                List<Expression> inputs = merge
                        ? List.of(cast(argument(call, 0, inputTypes), doubleType), cast(argument(call, 1, inputTypes), doubleType),
                                cast(argument(call, 2, inputTypes), doubleType))
                        : List.of(cast(argument(call, 0, inputTypes), doubleType));
                yield new AggregateSpec(call, new VarianceAccumulator(sample, root), inputs, merge,
                        step.outputsStates() ? List.of(DataType.doubleType(false), DataType.doubleType(false),
                                DataType.doubleType(false)) : List.of(resultType));
            }
        };
    }

    private static AggregateSpec count(AggregateCall call, boolean star, boolean merge, List<Integer> arguments,
            List<DataType> inputTypes, AggregateStep step) {
        List<Expression> inputs = new ArrayList<>();
        if (merge) {
            inputs.add(cast(argument(call, 0, inputTypes), DataType.bigint(true)));
        } else if (!star) {
            inputs.add(argument(call, 0, inputTypes));
        }
        return new AggregateSpec(call, new CountAccumulator(star), inputs, merge,
                List.of(step.outputsStates() ? DataType.bigint(false) : call.type()));
    }

    /**
     * The input column of argument {@code offset}: for raw inputs the call's argument, for FINAL the intermediate state
     * columns, which follow the first state column.
     */
    private static InputReference argument(AggregateCall call, int offset, List<DataType> inputTypes) {
        if (call.arguments().isEmpty()) {
            throw new IllegalArgumentException(call.function() + " needs an argument column");
        }
        int column = offset < call.arguments().size() && offset > 0 ? call.arguments().get(offset) : call.arguments().get(0) + offset;
        if (column < 0 || column >= inputTypes.size()) {
            throw new IllegalArgumentException(call.function() + " reads column " + column + " but the input has "
                    + inputTypes.size() + " columns");
        }
        return new InputReference(column, inputTypes.get(column));
    }

    private static Expression cast(InputReference reference, DataType type) {
        return new Call(ScalarFunction.CAST, List.of(reference), type.withNullable(true));
    }
}
