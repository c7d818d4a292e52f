package io.proteus.server.execution;

import io.proteus.executor.plan.AggregateCall;
import io.proteus.executor.plan.AggregateFunction;
import io.proteus.executor.type.DataType;
import io.proteus.planner.translate.TypeTranslator;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Aggregate;

/** Translates Calcite aggregate calls into the executor's, and lays out their partial (intermediate) states. */
final class AggregateTranslator {

    private AggregateTranslator() {
    }

    static AggregateFunction function(org.apache.calcite.rel.core.AggregateCall call) {
        if (call.isDistinct()) {
            throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "Not supported yet: DISTINCT aggregate " + call);
        }
        return switch (call.getAggregation().getKind()) {
            case COUNT -> call.getArgList().isEmpty() ? AggregateFunction.COUNT_STAR : AggregateFunction.COUNT;
            case SUM, SUM0 -> AggregateFunction.SUM;
            case MIN -> AggregateFunction.MIN;
            case MAX -> AggregateFunction.MAX;
            case AVG -> AggregateFunction.AVG;
            case STDDEV_SAMP -> AggregateFunction.STDDEV_SAMP;
            case STDDEV_POP -> AggregateFunction.STDDEV_POP;
            case VAR_SAMP -> AggregateFunction.VAR_SAMP;
            case VAR_POP -> AggregateFunction.VAR_POP;
            case ANY_VALUE -> AggregateFunction.ANY_VALUE;
            case SINGLE_VALUE -> AggregateFunction.SINGLE_VALUE;
            default -> throw new ProteusSqlException(QueryError.NOT_SUPPORTED,
                    "Not supported yet: aggregate function " + call.getAggregation().getName());
        };
    }

    /**
     * Whether the call's value follows from the group alone (GROUPING, GROUPING_ID, LITERAL_AGG): the controller
     * computes it after the aggregation instead of running an aggregate function.
     */
    static boolean isComputed(org.apache.calcite.rel.core.AggregateCall call) {
        return switch (call.getAggregation().getKind()) {
            case GROUPING, GROUPING_ID, LITERAL_AGG -> true;
            default -> false;
        };
    }

    /** Calls of a one-phase or partial aggregation over raw input rows (computed calls left out). */
    static List<AggregateCall> rawCalls(Aggregate aggregate) {
        List<AggregateCall> calls = new ArrayList<>();
        for (org.apache.calcite.rel.core.AggregateCall call : aggregate.getAggCallList()) {
            if (isComputed(call)) {
                continue;
            }
            calls.add(new AggregateCall(function(call), call.getArgList(), call.filterArg,
                    TypeTranslator.toDataType(call.getType())));
        }
        return calls;
    }

    /** The intermediate state column types of each call, in order, given the raw input types. */
    static List<DataType> stateTypes(AggregateCall call, List<DataType> inputTypes) {
        return switch (call.function()) {
            case COUNT, COUNT_STAR -> List.of(DataType.bigint(false));
            case SUM, MIN, MAX, ANY_VALUE -> List.of(call.type().withNullable(true));
            case AVG -> {
                DataType input = inputTypes.get(call.arguments().get(0));
                DataType sum = switch (input.kind()) {
                    case DECIMAL -> DataType.decimal(38, input.scale(), true);
                    case DOUBLE -> DataType.doubleType(true);
                    case INTEGER, BIGINT -> DataType.bigint(true);
                    default -> throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "avg of " + input);
                };
                yield List.of(sum, DataType.bigint(false));
            }
            case SINGLE_VALUE -> List.of(call.type().withNullable(true), DataType.bigint(false));
            case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP ->
                    List.of(DataType.doubleType(false), DataType.doubleType(false), DataType.doubleType(false));
        };
    }

    /** The FINAL-step calls over a partial output laid out as keys then the states of {@code calls}. */
    static List<AggregateCall> finalCalls(List<AggregateCall> calls, int keyCount, List<DataType> inputTypes) {
        List<AggregateCall> result = new ArrayList<>();
        int column = keyCount;
        for (AggregateCall call : calls) {
            result.add(new AggregateCall(call.function(), List.of(column), -1, call.type()));
            column += stateTypes(call, inputTypes).size();
        }
        return result;
    }

    static boolean isSumZero(org.apache.calcite.rel.core.AggregateCall call) {
        return call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.SUM0;
    }
}
