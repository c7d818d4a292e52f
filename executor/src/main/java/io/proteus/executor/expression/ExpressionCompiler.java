package io.proteus.executor.expression;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.DataException;
import io.proteus.executor.column.Column;
import io.proteus.executor.expression.kernel.ArithmeticOperator;
import io.proteus.executor.expression.kernel.CaseKernel;
import io.proteus.executor.expression.kernel.CastKernel;
import io.proteus.executor.expression.kernel.CoalesceKernel;
import io.proteus.executor.expression.kernel.CommonSubexpressionKernel;
import io.proteus.executor.expression.kernel.ComparisonKernel;
import io.proteus.executor.expression.kernel.ConstantKernel;
import io.proteus.executor.expression.kernel.DateKernels;
import io.proteus.executor.expression.kernel.DecimalArithmeticKernel;
import io.proteus.executor.expression.kernel.DistinctKernel;
import io.proteus.executor.expression.kernel.DoubleArithmeticKernel;
import io.proteus.executor.expression.kernel.InKernel;
import io.proteus.executor.expression.kernel.InputKernel;
import io.proteus.executor.expression.kernel.IntegerArithmeticKernel;
import io.proteus.executor.expression.kernel.Kernel;
import io.proteus.executor.expression.kernel.LikeKernel;
import io.proteus.executor.expression.kernel.LogicalKernel;
import io.proteus.executor.expression.kernel.NotKernel;
import io.proteus.executor.expression.kernel.PredicateKernel;
import io.proteus.executor.expression.kernel.RoundKernel;
import io.proteus.executor.expression.kernel.StringKernels;
import io.proteus.executor.expression.kernel.UnaryNumericKernel;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles {@link Expression} trees into vectorised kernels. It resolves input columns against the operator's actual
 * input types, inserts the casts that make operands of arithmetic and comparisons agree (tolerating plans that mix
 * INTEGER with BIGINT or decimals of different scales), folds constant subexpressions (unless folding raises an error,
 * which then only happens for rows that evaluate it) and rewrites BETWEEN and NULLIF onto shared operands.
 */
public final class ExpressionCompiler {

    private final List<DataType> inputTypes;

    private ExpressionCompiler(List<DataType> inputTypes) {
        this.inputTypes = List.copyOf(requireNonNull(inputTypes, "inputTypes"));
    }

    /** Compiles {@code expression} for batches whose columns have {@code inputTypes}. */
    public static CompiledExpression compile(Expression expression, List<DataType> inputTypes) {
        ExpressionCompiler compiler = new ExpressionCompiler(inputTypes);
        Kernel root = compiler.compileNode(expression);
        DataType declared = expression.type();
        if (declared.kind() != TypeKind.NULL && !CastKernel.isIdentity(root.type(), declared, true)) {
            root = compiler.cast(root, declared, true);
        }
        return new CompiledExpression(expression, root);
    }

    /** Compiles each expression for the same input types. */
    public static List<CompiledExpression> compileAll(List<Expression> expressions, List<DataType> inputTypes) {
        return expressions.stream().map(e -> compile(e, inputTypes)).toList();
    }

    private Kernel compileNode(Expression expression) {
        return switch (expression) {
            case InputReference reference -> {
                if (reference.index() >= inputTypes.size()) {
                    throw new IllegalArgumentException("input column " + reference.index() + " does not exist; the input has "
                            + inputTypes.size() + " columns");
                }
                yield new InputKernel(reference.index(), inputTypes.get(reference.index()));
            }
            case Literal literal -> new ConstantKernel(literal);
            case Call call -> {
                Kernel kernel = compileCall(call);
                yield isConstantExpression(call) ? fold(kernel) : kernel;
            }
        };
    }

    private Kernel compileCall(Call call) {
        List<Kernel> operands = new ArrayList<>(call.operands().size());
        for (Expression operand : call.operands()) {
            operands.add(compileNode(operand));
        }
        DataType type = call.type();
        return switch (call.function()) {
            case ADD -> arithmetic(ArithmeticOperator.ADD, operands, type);
            case SUBTRACT -> arithmetic(ArithmeticOperator.SUBTRACT, operands, type);
            case MULTIPLY -> arithmetic(ArithmeticOperator.MULTIPLY, operands, type);
            case DIVIDE -> arithmetic(ArithmeticOperator.DIVIDE, operands, type);
            case MODULO -> arithmetic(ArithmeticOperator.MODULO, operands, type);
            case NEGATE -> unaryNumeric(false, operand(operands, 0, call), type);
            case ABS -> unaryNumeric(true, operand(operands, 0, call), type);
            case EQUAL -> comparison(ComparisonKernel.Operator.EQUAL, operands, call);
            case NOT_EQUAL -> comparison(ComparisonKernel.Operator.NOT_EQUAL, operands, call);
            case LESS_THAN -> comparison(ComparisonKernel.Operator.LESS_THAN, operands, call);
            case LESS_THAN_OR_EQUAL -> comparison(ComparisonKernel.Operator.LESS_THAN_OR_EQUAL, operands, call);
            case GREATER_THAN -> comparison(ComparisonKernel.Operator.GREATER_THAN, operands, call);
            case GREATER_THAN_OR_EQUAL -> comparison(ComparisonKernel.Operator.GREATER_THAN_OR_EQUAL, operands, call);
            case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                checkArity(call, 2);
                DataType common = commonType(operands.get(0).type(), operands.get(1).type(), call);
                yield new DistinctKernel(call.function() == ScalarFunction.IS_DISTINCT_FROM,
                        cast(operands.get(0), common, false), cast(operands.get(1), common, false));
            }
            case AND, OR -> new LogicalKernel(call.function() == ScalarFunction.AND,
                    operands.stream().map(o -> cast(o, DataType.bool(true), true)).toList());
            case NOT -> new NotKernel(cast(operand(operands, 0, call), DataType.bool(true), true));
            case IS_NULL -> new PredicateKernel(PredicateKernel.Test.IS_NULL, operand(operands, 0, call));
            case IS_NOT_NULL -> new PredicateKernel(PredicateKernel.Test.IS_NOT_NULL, operand(operands, 0, call));
            case IS_TRUE -> truthTest(PredicateKernel.Test.IS_TRUE, operands, call);
            case IS_NOT_TRUE -> truthTest(PredicateKernel.Test.IS_NOT_TRUE, operands, call);
            case IS_FALSE -> truthTest(PredicateKernel.Test.IS_FALSE, operands, call);
            case IS_NOT_FALSE -> truthTest(PredicateKernel.Test.IS_NOT_FALSE, operands, call);
            case CASE -> caseKernel(operands, call);
            case CAST -> cast(operand(operands, 0, call), type, true);
            case IN -> in(operands, call);
            case BETWEEN -> between(operands, call);
            case LIKE -> like(operands, call);
            case SUBSTRING -> {
                if (operands.size() < 2 || operands.size() > 3) {
                    throw new IllegalArgumentException("SUBSTRING takes 2 or 3 operands: " + call);
                }
                yield new StringKernels.Substring(varchar(operands.get(0)), bigint(operands.get(1)),
                        operands.size() == 3 ? bigint(operands.get(2)) : null, varcharType(type));
            }
            case UPPER -> new StringKernels.CaseConversion(true, varchar(operand(operands, 0, call)), varcharType(type));
            case LOWER -> new StringKernels.CaseConversion(false, varchar(operand(operands, 0, call)), varcharType(type));
            case CONCAT -> new StringKernels.Concat(operands.stream().map(this::varchar).toList(), varcharType(type));
            case TRIM -> new StringKernels.Trim(varchar(operand(operands, 0, call)), varcharType(type));
            case CHARACTER_LENGTH -> new StringKernels.CharacterLength(varchar(operand(operands, 0, call)),
                    integerType(type));
            case COALESCE -> new CoalesceKernel(type, operands.stream().map(o -> cast(o, type, true)).toList());
            case NULLIF -> nullIf(operands, call);
            case ROUND -> round(operands, call);
            case DATE_PLUS_DAYS -> {
                checkArity(call, 2);
                yield new DateKernels.PlusDays(cast(operands.get(0), DataType.date(true), true), bigint(operands.get(1)),
                        DataType.date(type.nullable()));
            }
            case EXTRACT_YEAR -> extract(DateKernels.Field.YEAR, operands, call);
            case EXTRACT_MONTH -> extract(DateKernels.Field.MONTH, operands, call);
            case EXTRACT_DAY -> extract(DateKernels.Field.DAY, operands, call);
        };
    }

    private static Kernel operand(List<Kernel> operands, int index, Call call) {
        if (operands.size() <= index) {
            throw new IllegalArgumentException(call.function() + " needs at least " + (index + 1) + " operands: " + call);
        }
        return operands.get(index);
    }

    private static void checkArity(Call call, int arity) {
        if (call.operands().size() != arity) {
            throw new IllegalArgumentException(call.function() + " takes " + arity + " operands: " + call);
        }
    }

    private static DataType varcharType(DataType type) {
        return type.kind() == TypeKind.VARCHAR ? type : DataType.varchar(type.nullable());
    }

    private static DataType integerType(DataType type) {
        return type.kind() == TypeKind.INTEGER || type.kind() == TypeKind.BIGINT ? type : DataType.bigint(type.nullable());
    }

    private Kernel varchar(Kernel kernel) {
        return cast(kernel, DataType.varchar(true), true);
    }

    private Kernel bigint(Kernel kernel) {
        return cast(kernel, DataType.bigint(true), true);
    }

    /** Casts unless the kernel already produces values of the target's representation; folds constants. */
    Kernel cast(Kernel kernel, DataType target, boolean checkPrecision) {
        if (target.kind() == TypeKind.NULL || CastKernel.isIdentity(kernel.type(), target, checkPrecision)) {
            return kernel;
        }
        Kernel cast = new CastKernel(kernel, target, checkPrecision);
        return kernel instanceof ConstantKernel ? fold(cast) : cast;
    }

    /**
     * The type two values are converted to before they are compared (used for join keys too): the wider integer, a
     * decimal holding both exactly, DOUBLE if either is, or the non-text type when one side is text.
     */
    public static DataType comparisonType(DataType left, DataType right) {
        return commonType(left, right, Call.of(ScalarFunction.EQUAL, DataType.bool(true),
                new InputReference(0, left), new InputReference(1, right)));
    }

    /** The type both operands of a comparison are converted to. */
    static DataType commonType(DataType left, DataType right, Call call) {
        TypeKind a = left.kind();
        TypeKind b = right.kind();
        boolean nullable = left.nullable() || right.nullable();
        if (a == TypeKind.NULL && b == TypeKind.NULL) {
            return DataType.bool(true);
        }
        if (a == TypeKind.NULL) {
            return right.withNullable(true);
        }
        if (b == TypeKind.NULL) {
            return left.withNullable(true);
        }
        if (a == b) {
            if (a == TypeKind.DECIMAL) {
                int scale = Math.max(left.scale(), right.scale());
                int integerDigits = Math.max(left.precision() - left.scale(), right.precision() - right.scale());
                return DataType.decimal(Math.min(DataType.MAX_DECIMAL_PRECISION, integerDigits + scale), scale, nullable);
            }
            return left.withNullable(nullable);
        }
        if (a == TypeKind.VARCHAR) {
            return right.withNullable(nullable);
        }
        if (b == TypeKind.VARCHAR) {
            return left.withNullable(nullable);
        }
        if (isNumeric(a) && isNumeric(b)) {
            if (a == TypeKind.DOUBLE || b == TypeKind.DOUBLE) {
                return DataType.doubleType(nullable);
            }
            if (a == TypeKind.DECIMAL || b == TypeKind.DECIMAL) {
                return commonType(asDecimal(left), asDecimal(right), call);
            }
            return DataType.bigint(nullable);
        }
        throw new IllegalArgumentException("cannot compare " + left + " with " + right + " in " + call);
    }

    private static boolean isNumeric(TypeKind kind) {
        return kind == TypeKind.INTEGER || kind == TypeKind.BIGINT || kind == TypeKind.DECIMAL || kind == TypeKind.DOUBLE;
    }

    /** The decimal type that holds every value of an integer or decimal type exactly. */
    private static DataType asDecimal(DataType type) {
        return switch (type.kind()) {
            case DECIMAL -> type;
            case INTEGER -> DataType.decimal(10, 0, type.nullable());
            case BIGINT -> DataType.decimal(19, 0, type.nullable());
            case BOOLEAN -> DataType.decimal(1, 0, type.nullable());
            default -> throw new IllegalArgumentException("not convertible to DECIMAL exactly: " + type);
        };
    }

    private Kernel arithmetic(ArithmeticOperator operator, List<Kernel> operands, DataType type) {
        if (operands.size() != 2) {
            throw new IllegalArgumentException(operator + " takes 2 operands");
        }
        Kernel left = operands.get(0);
        Kernel right = operands.get(1);
        TypeKind leftKind = left.type().kind();
        TypeKind rightKind = right.type().kind();
        if (type.kind() == TypeKind.DATE) {
            if (operator == ArithmeticOperator.ADD && rightKind == TypeKind.DATE) {
                return new DateKernels.PlusDays(right, bigint(left), type);
            }
            if (operator == ArithmeticOperator.ADD) {
                return new DateKernels.PlusDays(cast(left, DataType.date(true), true), bigint(right), type);
            }
            if (operator == ArithmeticOperator.SUBTRACT) {
                return new DateKernels.PlusDays(cast(left, DataType.date(true), true),
                        new UnaryNumericKernel(false, bigint(right), DataType.bigint(true)), type);
            }
            throw new IllegalArgumentException(operator + " cannot produce a DATE");
        }
        if (leftKind == TypeKind.DATE && rightKind == TypeKind.DATE && operator == ArithmeticOperator.SUBTRACT) {
            // Dates are days in an int column: their difference is integer subtraction.
            Kernel days = new IntegerArithmeticKernel(operator, left, right, DataType.integer(true));
            return cast(days, type, true);
        }
        return switch (type.kind()) {
            case INTEGER, BIGINT -> new IntegerArithmeticKernel(operator, cast(left, type, true), cast(right, type, true), type);
            case DOUBLE -> new DoubleArithmeticKernel(operator, cast(left, type, true), cast(right, type, true), type);
            case DECIMAL -> new DecimalArithmeticKernel(operator, decimalOperand(left, type), decimalOperand(right, type), type);
            default -> throw new IllegalArgumentException("arithmetic cannot produce " + type);
        };
    }

    private Kernel decimalOperand(Kernel kernel, DataType resultType) {
        DataType type = kernel.type();
        return switch (type.kind()) {
            case DECIMAL -> kernel;
            case DOUBLE -> cast(kernel, DataType.decimal(DataType.MAX_DECIMAL_PRECISION, resultType.scale(), true), true);
            case NULL -> cast(kernel, DataType.decimal(1, 0, true), true);
            case VARCHAR -> cast(kernel, resultType.withNullable(true), true);
            default -> cast(kernel, asDecimal(type), true);
        };
    }

    private Kernel unaryNumeric(boolean absolute, Kernel operand, DataType type) {
        Kernel input = switch (type.kind()) {
            case DECIMAL -> decimalOperand(operand, type);
            case INTEGER, BIGINT, DOUBLE -> cast(operand, type, true);
            default -> throw new IllegalArgumentException((absolute ? "ABS" : "NEGATE") + " cannot produce " + type);
        };
        return new UnaryNumericKernel(absolute, input, type);
    }

    private Kernel comparison(ComparisonKernel.Operator operator, List<Kernel> operands, Call call) {
        checkArity(call, 2);
        return comparison(operator, operands.get(0), operands.get(1), call);
    }

    private Kernel comparison(ComparisonKernel.Operator operator, Kernel left, Kernel right, Call call) {
        DataType common = commonType(left.type(), right.type(), call);
        return new ComparisonKernel(operator, cast(left, common, false), cast(right, common, false));
    }

    private Kernel truthTest(PredicateKernel.Test test, List<Kernel> operands, Call call) {
        return new PredicateKernel(test, cast(operand(operands, 0, call), DataType.bool(true), true));
    }

    private Kernel caseKernel(List<Kernel> operands, Call call) {
        if (operands.size() < 3 || operands.size() % 2 == 0) {
            throw new IllegalArgumentException("CASE takes when/then pairs and an else operand: " + call);
        }
        DataType type = call.type();
        List<Kernel> conditions = new ArrayList<>();
        List<Kernel> branches = new ArrayList<>();
        for (int i = 0; i + 1 < operands.size(); i += 2) {
            conditions.add(cast(operands.get(i), DataType.bool(true), true));
            branches.add(cast(operands.get(i + 1), type, true));
        }
        Kernel otherwise = cast(operands.getLast(), type, true);
        return new CaseKernel(type, conditions, branches, otherwise);
    }

    /** Shares a computed operand between several parents; inputs and constants are already shared. */
    private static Kernel share(Kernel kernel) {
        if (kernel instanceof InputKernel || kernel instanceof ConstantKernel) {
            return kernel;
        }
        return new CommonSubexpressionKernel(kernel);
    }

    private Kernel in(List<Kernel> operands, Call call) {
        if (operands.size() < 2) {
            throw new IllegalArgumentException("IN needs a value and at least one item: " + call);
        }
        DataType common = operands.getFirst().type();
        for (int i = 1; i < operands.size(); i++) {
            common = commonType(common, operands.get(i).type(), call);
        }
        Kernel value = cast(operands.getFirst(), common, false);
        List<Kernel> items = new ArrayList<>();
        boolean allConstant = true;
        for (int i = 1; i < operands.size(); i++) {
            Kernel item = cast(operands.get(i), common, false);
            allConstant &= item instanceof ConstantKernel;
            items.add(item);
        }
        if (allConstant) {
            Column[] constants = new Column[items.size()];
            for (int i = 0; i < items.size(); i++) {
                constants[i] = evaluateConstant(items.get(i));
            }
            return new InKernel(value, constants);
        }
        Kernel shared = share(value);
        List<Kernel> equalities = new ArrayList<>();
        for (Kernel item : items) {
            equalities.add(new ComparisonKernel(ComparisonKernel.Operator.EQUAL, shared, item));
        }
        return new LogicalKernel(false, equalities);
    }

    private Kernel between(List<Kernel> operands, Call call) {
        checkArity(call, 3);
        Kernel value = share(operands.get(0));
        return new LogicalKernel(true, List.of(
                comparison(ComparisonKernel.Operator.GREATER_THAN_OR_EQUAL, value, operands.get(1), call),
                comparison(ComparisonKernel.Operator.LESS_THAN_OR_EQUAL, value, operands.get(2), call)));
    }

    private Kernel like(List<Kernel> operands, Call call) {
        if (operands.size() < 2 || operands.size() > 3) {
            throw new IllegalArgumentException("LIKE takes 2 or 3 operands: " + call);
        }
        Kernel value = varchar(operands.get(0));
        Kernel pattern = varchar(operands.get(1));
        Kernel escape = operands.size() == 3 ? varchar(operands.get(2)) : null;
        boolean constant = pattern instanceof ConstantKernel && (escape == null || escape instanceof ConstantKernel);
        String patternText = pattern instanceof ConstantKernel c && !c.isNullValue()
                ? new String(c.bytes(), StandardCharsets.UTF_8) : null;
        String escapeText = escape instanceof ConstantKernel c && !c.isNullValue()
                ? new String(c.bytes(), StandardCharsets.UTF_8) : null;
        if (escape instanceof ConstantKernel c && c.isNullValue()) {
            patternText = null;
        }
        return new LikeKernel(value, pattern, escape, patternText, escapeText, constant);
    }

    private Kernel nullIf(List<Kernel> operands, Call call) {
        checkArity(call, 2);
        DataType type = call.type();
        Kernel first = share(operands.get(0));
        DataType common = commonType(first.type(), operands.get(1).type(), call);
        Kernel condition = new ComparisonKernel(ComparisonKernel.Operator.EQUAL, cast(first, common, false),
                cast(operands.get(1), common, false));
        return new CaseKernel(type, List.of(condition), List.of(new ConstantKernel(Literal.nullOf(type))),
                cast(first, type, true));
    }

    private Kernel round(List<Kernel> operands, Call call) {
        if (operands.isEmpty() || operands.size() > 2) {
            throw new IllegalArgumentException("ROUND takes 1 or 2 operands: " + call);
        }
        DataType type = call.type();
        Kernel value = switch (type.kind()) {
            case DECIMAL -> decimalOperand(operands.get(0), type);
            case DOUBLE, INTEGER, BIGINT -> cast(operands.get(0), type, true);
            default -> throw new IllegalArgumentException("ROUND cannot produce " + type);
        };
        Kernel places = operands.size() == 2 ? bigint(operands.get(1)) : null;
        return new RoundKernel(value, places, type);
    }

    private Kernel extract(DateKernels.Field field, List<Kernel> operands, Call call) {
        checkArity(call, 1);
        return new DateKernels.Extract(field, cast(operands.get(0), DataType.date(true), true), integerType(call.type()));
    }

    private static boolean isConstantExpression(Expression expression) {
        return switch (expression) {
            case Literal ignored -> true;
            case InputReference ignored -> false;
            case Call call -> call.operands().stream().allMatch(ExpressionCompiler::isConstantExpression);
        };
    }

    /** Replaces a kernel whose operands are all constants by its value, unless evaluating it fails. */
    private static Kernel fold(Kernel kernel) {
        if (kernel instanceof ConstantKernel) {
            return kernel;
        }
        try {
            Column value = evaluateConstant(kernel);
            return new ConstantKernel(toLiteral(value, kernel.type()));
        } catch (DataException e) {
            return kernel;
        }
    }

    private static Column evaluateConstant(Kernel kernel) {
        EvaluationContext context = new EvaluationContext();
        context.bindColumns(new Column[0], 1);
        return kernel.evaluate(context, null, 1);
    }

    private static Literal toLiteral(Column column, DataType type) {
        Object value = column.toJavaValue(0);
        if (value == null) {
            return Literal.nullOf(type);
        }
        String text = switch (value) {
            case BigDecimal decimal -> decimal.toPlainString();
            case LocalDate date -> date.toString();
            default -> value.toString();
        };
        return new Literal(text, type);
    }
}
