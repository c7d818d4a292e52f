package io.proteus.sql.type;

import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit coercions plus day arithmetic on dates, as DuckDB, PostgreSQL and Trino users write it:
 * {@code date + n}, {@code n + date} and {@code date - n}, with {@code n} any exact integer expression, mean adding or
 * subtracting {@code n} days. The integer operand is rewritten to {@code n * INTERVAL '1' DAY}, so the rest of the
 * pipeline only sees standard datetime-interval arithmetic.
 */
public final class DateArithmeticCoercion extends TypeCoercionImpl {

    public DateArithmeticCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    @Override
    public boolean binaryArithmeticCoercion(SqlCallBinding binding) {
        SqlKind kind = binding.getOperator().getKind();
        if ((kind == SqlKind.PLUS || kind == SqlKind.MINUS) && binding.getOperandCount() == 2) {
            RelDataType left = binding.getOperandType(0);
            RelDataType right = binding.getOperandType(1);
            if (isDate(left) && SqlTypeUtil.isIntType(right)) {
                return toDays(binding, 1);
            }
            if (kind == SqlKind.PLUS && SqlTypeUtil.isIntType(left) && isDate(right)) {
                return toDays(binding, 0);
            }
        }
        return super.binaryArithmeticCoercion(binding);
    }

    private static boolean isDate(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.DATE;
    }

    private boolean toDays(SqlCallBinding binding, int operandIndex) {
        SqlCall call = binding.getCall();
        SqlNode count = call.operand(operandIndex);
        SqlParserPos position = count.getParserPosition();
        SqlNode oneDay = SqlLiteral.createInterval(1, "1", new SqlIntervalQualifier(TimeUnit.DAY, null, position), position);
        SqlNode days = SqlStdOperatorTable.MULTIPLY.createCall(position, count, oneDay);
        call.setOperand(operandIndex, days);
        validator.deriveType(binding.getScope(), days);
        return true;
    }
}
