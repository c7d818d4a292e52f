package io.proteus.planner.translate;

import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;

/** Translates Calcite row expressions into executor {@link Expression}s. */
public final class RexTranslator {

    private final RexBuilder rexBuilder;

    public RexTranslator(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    public List<Expression> translate(List<RexNode> nodes) {
        return nodes.stream().map(this::translate).toList();
    }

    public Expression translate(RexNode node) {
        return switch (node) {
            case RexInputRef inputRef -> new InputReference(inputRef.getIndex(), TypeTranslator.toDataType(inputRef.getType()));
            case RexLiteral literal -> literal(literal);
            case RexCall call -> call(call);
            default -> throw unsupported("expression " + node);
        };
    }

    private Expression call(RexCall call) {
        if (call.getKind() == SqlKind.SEARCH) {
            return translate(RexUtil.expandSearch(rexBuilder, null, call));
        }
        DataType type = TypeTranslator.toDataType(call.getType());
        List<RexNode> operands = call.getOperands();
        return switch (call.getKind()) {
            case PLUS -> datePlus(call, type, false);
            case MINUS -> datePlus(call, type, true);
            case TIMES -> simple(ScalarFunction.MULTIPLY, call, type);
            case DIVIDE -> simple(ScalarFunction.DIVIDE, call, type);
            case MOD -> simple(ScalarFunction.MODULO, call, type);
            case MINUS_PREFIX -> simple(ScalarFunction.NEGATE, call, type);
            case PLUS_PREFIX -> translate(operands.get(0));
            case EQUALS -> simple(ScalarFunction.EQUAL, call, type);
            case NOT_EQUALS -> simple(ScalarFunction.NOT_EQUAL, call, type);
            case LESS_THAN -> simple(ScalarFunction.LESS_THAN, call, type);
            case LESS_THAN_OR_EQUAL -> simple(ScalarFunction.LESS_THAN_OR_EQUAL, call, type);
            case GREATER_THAN -> simple(ScalarFunction.GREATER_THAN, call, type);
            case GREATER_THAN_OR_EQUAL -> simple(ScalarFunction.GREATER_THAN_OR_EQUAL, call, type);
            case IS_DISTINCT_FROM -> simple(ScalarFunction.IS_DISTINCT_FROM, call, type);
            case IS_NOT_DISTINCT_FROM -> simple(ScalarFunction.IS_NOT_DISTINCT_FROM, call, type);
            case AND -> simple(ScalarFunction.AND, call, type);
            case OR -> disjunction(call, type);
            case NOT -> simple(ScalarFunction.NOT, call, type);
            case IS_NULL -> simple(ScalarFunction.IS_NULL, call, type);
            case IS_NOT_NULL -> simple(ScalarFunction.IS_NOT_NULL, call, type);
            case IS_TRUE -> simple(ScalarFunction.IS_TRUE, call, type);
            case IS_NOT_TRUE -> simple(ScalarFunction.IS_NOT_TRUE, call, type);
            case IS_FALSE -> simple(ScalarFunction.IS_FALSE, call, type);
            case IS_NOT_FALSE -> simple(ScalarFunction.IS_NOT_FALSE, call, type);
            case CASE -> simple(ScalarFunction.CASE, call, type);
            case CAST -> cast(call, type);
            case BETWEEN -> simple(ScalarFunction.BETWEEN, call, type);
            case LIKE -> like(call, type);
            case COALESCE -> simple(ScalarFunction.COALESCE, call, type);
            case NULLIF -> simple(ScalarFunction.NULLIF, call, type);
            case TRIM -> trim(call, type);
            case EXTRACT -> extract(call, type);
            default -> named(call, type);
        };
    }

    private Expression named(RexCall call, DataType type) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "SUBSTRING", "SUBSTR" -> simple(ScalarFunction.SUBSTRING, call, type);
            case "UPPER" -> simple(ScalarFunction.UPPER, call, type);
            case "LOWER" -> simple(ScalarFunction.LOWER, call, type);
            case "||" -> simple(ScalarFunction.CONCAT, call, type);
            case "CONCAT" -> concatIgnoringNulls(call, type);
            case "ABS" -> simple(ScalarFunction.ABS, call, type);
            case "ROUND" -> simple(ScalarFunction.ROUND, call, type);
            case "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH" -> simple(ScalarFunction.CHARACTER_LENGTH, call, type);
            default -> throw unsupported("function " + call.getOperator().getName());
        };
    }

    /** {@code concat(a, b, ...)}, as in PostgreSQL and DuckDB: NULL arguments count as empty strings. */
    private Expression concatIgnoringNulls(RexCall call, DataType type) {
        List<Expression> operands = translate(call.getOperands()).stream()
                .map(operand -> operand.type().nullable()
                        ? (Expression) new Call(ScalarFunction.COALESCE, List.of(operand, Literal.of("")), DataType.varchar(false))
                        : operand)
                .toList();
        return new Call(ScalarFunction.CONCAT, operands, type.withNullable(false));
    }

    private Expression simple(ScalarFunction function, RexCall call, DataType type) {
        return new Call(function, translate(call.getOperands()), type);
    }

    /**
     * OR, with the equalities of one expression to literals (an IN list, which Calcite expands from its SEARCH form)
     * gathered into one IN: a hash lookup per row instead of evaluating the expression and comparing once per literal.
     * Same three-valued result: OR of {@code x = a} ... is NULL exactly when {@code x} is NULL and no other disjunct is
     * TRUE, as {@code x IN (a, ...)} is.
     */
    private Expression disjunction(RexCall call, DataType type) {
        Map<RexNode, List<RexNode>> literalsByOperand = new LinkedHashMap<>();
        List<RexNode> others = new ArrayList<>();
        for (RexNode disjunct : RexUtil.flattenOr(call.getOperands())) {
            RexNode operand = null;
            RexNode literal = null;
            if (disjunct.getKind() == SqlKind.EQUALS) {
                RexNode left = ((RexCall) disjunct).getOperands().get(0);
                RexNode right = ((RexCall) disjunct).getOperands().get(1);
                if (isNonNullLiteral(right) && !(left instanceof RexLiteral)) {
                    operand = left;
                    literal = right;
                } else if (isNonNullLiteral(left) && !(right instanceof RexLiteral)) {
                    operand = right;
                    literal = left;
                }
            }
            if (operand == null) {
                others.add(disjunct);
            } else {
                literalsByOperand.computeIfAbsent(operand, key -> new ArrayList<>()).add(literal);
            }
        }
        List<Expression> disjuncts = new ArrayList<>();
        for (Map.Entry<RexNode, List<RexNode>> entry : literalsByOperand.entrySet()) {
            if (entry.getValue().size() < 2) {
                others.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, entry.getKey(),
                        entry.getValue().getFirst()));
                continue;
            }
            List<Expression> operands = new ArrayList<>();
            operands.add(translate(entry.getKey()));
            operands.addAll(translate(entry.getValue()));
            disjuncts.add(new Call(ScalarFunction.IN, operands, type));
        }
        disjuncts.addAll(translate(others));
        return disjuncts.size() == 1 ? disjuncts.getFirst() : new Call(ScalarFunction.OR, disjuncts, type);
    }

    private static boolean isNonNullLiteral(RexNode node) {
        return node instanceof RexLiteral literal && !literal.isNull();
    }

    private Expression like(RexCall call, DataType type) {
        Expression like = simple(ScalarFunction.LIKE, call, type);
        if (call.getOperator().getName().toUpperCase(Locale.ROOT).startsWith("NOT")) {
            return Call.of(ScalarFunction.NOT, type, like);
        }
        return like;
    }

    private Expression cast(RexCall call, DataType type) {
        RexNode operand = call.getOperands().get(0);
        DataType operandType = TypeTranslator.toDataType(operand.getType());
        Expression translated = translate(operand);
        if (operandType.withNullable(type.nullable()).equals(type)) {
            return translated;
        }
        return new Call(ScalarFunction.CAST, List.of(translated), type);
    }

    private Expression trim(RexCall call, DataType type) {
        // TRIM(flag, characters, string): only trimming spaces from both ends is supported.
        RexNode flag = call.getOperands().get(0);
        RexNode characters = call.getOperands().get(1);
        boolean both = flag instanceof RexLiteral literal
                && literal.getValueAs(SqlTrimFunction.Flag.class) == SqlTrimFunction.Flag.BOTH;
        boolean spaces = characters instanceof RexLiteral literal && " ".equals(literal.getValueAs(String.class));
        if (!both || !spaces) {
            throw unsupported("TRIM other than TRIM(BOTH ' ' FROM ...)");
        }
        return new Call(ScalarFunction.TRIM, List.of(translate(call.getOperands().get(2))), type);
    }

    private Expression extract(RexCall call, DataType type) {
        TimeUnitRange unit = ((RexLiteral) call.getOperands().get(0)).getValueAs(TimeUnitRange.class);
        Expression date = translate(call.getOperands().get(1));
        ScalarFunction function = switch (unit) {
            case YEAR -> ScalarFunction.EXTRACT_YEAR;
            case MONTH -> ScalarFunction.EXTRACT_MONTH;
            case DAY -> ScalarFunction.EXTRACT_DAY;
            default -> throw unsupported("EXTRACT(" + unit + ")");
        };
        return new Call(function, List.of(date), type);
    }

    /** {@code date + interval}, {@code date + integer} and {@code date - ...} become DATE_PLUS_DAYS; others arithmetic. */
    private Expression datePlus(RexCall call, DataType type, boolean subtract) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        if (type.kind() == TypeKind.DATE) {
            RexNode date = left.getType().getSqlTypeName() == SqlTypeName.DATE ? left : right;
            RexNode amount = date == left ? right : left;
            Expression days = days(amount);
            if (subtract) {
                days = Call.of(ScalarFunction.NEGATE, days.type(), days);
            }
            return new Call(ScalarFunction.DATE_PLUS_DAYS, List.of(translate(date), days), type);
        }
        return simple(subtract ? ScalarFunction.SUBTRACT : ScalarFunction.ADD, call, type);
    }

    private Expression days(RexNode amount) {
        if (amount.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME
                || SqlTypeName.INTERVAL_TYPES.contains(amount.getType().getSqlTypeName())) {
            if (amount instanceof RexLiteral literal) {
                BigDecimal milliseconds = literal.getValueAs(BigDecimal.class);
                SqlTypeName intervalType = amount.getType().getSqlTypeName();
                if (intervalType == SqlTypeName.INTERVAL_YEAR || intervalType == SqlTypeName.INTERVAL_MONTH
                        || intervalType == SqlTypeName.INTERVAL_YEAR_MONTH) {
                    throw unsupported("month and year intervals on dates");
                }
                return Literal.of(milliseconds.divide(BigDecimal.valueOf(86_400_000L)).longValueExact());
            }
            // n * INTERVAL 'k' DAY (what `date + n` becomes): n * k days.
            if (amount instanceof RexCall times && times.getKind() == SqlKind.TIMES) {
                RexNode first = times.getOperands().get(0);
                RexNode second = times.getOperands().get(1);
                RexNode count = SqlTypeName.INTERVAL_TYPES.contains(first.getType().getSqlTypeName()) ? second : first;
                RexNode interval = count == first ? second : first;
                Expression unit = days(interval);
                Expression translated = translate(count);
                if (unit instanceof Literal literal && literal.value().equals("1")) {
                    return translated;
                }
                return Call.of(ScalarFunction.MULTIPLY, translated.type(), translated, unit);
            }
            throw unsupported("non-constant intervals");
        }
        return translate(amount);
    }

    private Expression literal(RexLiteral literal) {
        DataType type = TypeTranslator.toDataType(literal.getType());
        if (literal.isNull()) {
            return Literal.nullOf(type);
        }
        String text = switch (literal.getType().getSqlTypeName()) {
            case BOOLEAN -> Boolean.toString(literal.getValueAs(Boolean.class));
            case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.toString(literal.getValueAs(Long.class));
            case DECIMAL -> literal.getValueAs(BigDecimal.class).setScale(type.scale(), java.math.RoundingMode.UNNECESSARY).toPlainString();
            case FLOAT, REAL, DOUBLE -> Double.toString(literal.getValueAs(Double.class));
            case DATE -> literal.getValueAs(DateString.class).toString();
            case CHAR, VARCHAR -> literal.getValueAs(NlsString.class).getValue();
            default -> throw unsupported("literal of type " + literal.getType());
        };
        return new Literal(text, type);
    }

    private static ProteusSqlException unsupported(String what) {
        return new ProteusSqlException(QueryError.NOT_SUPPORTED, "Not supported yet: " + what);
    }
}
