package io.proteus.planner.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.expression.Call;
import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.InputReference;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.sql.type.ProteusTypeSystem;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class RexTranslatorTest {

    private final JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(ProteusTypeSystem.INSTANCE);
    private final RexBuilder rexBuilder = new RexBuilder(typeFactory);
    private final RexTranslator translator = new RexTranslator(rexBuilder);
    private final RelDataType text = typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.VARCHAR), true);
    private final RelDataType integer = typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.INTEGER), true);

    private RexNode equals(RexNode left, RexNode right) {
        return rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, left, right);
    }

    @Test
    void equalitiesOfOneExpressionToLiteralsBecomeOneIn() {
        RexNode zip = rexBuilder.makeInputRef(text, 0);
        RexNode count = rexBuilder.makeInputRef(integer, 1);
        RexNode condition = rexBuilder.makeCall(SqlStdOperatorTable.OR,
                equals(zip, rexBuilder.makeLiteral("10144")),
                equals(rexBuilder.makeLiteral("10336"), zip),
                equals(count, rexBuilder.makeExactLiteral(BigDecimal.valueOf(3))),
                rexBuilder.makeCall(SqlStdOperatorTable.OR, equals(zip, rexBuilder.makeLiteral("10390")),
                        rexBuilder.makeCall(SqlStdOperatorTable.IS_NULL, count)));
        Call or = (Call) translator.translate(condition);
        assertThat(or.function()).isEqualTo(ScalarFunction.OR);
        List<Expression> disjuncts = or.operands();
        assertThat(disjuncts).hasSize(3);
        Call in = (Call) disjuncts.getFirst();
        assertThat(in.function()).isEqualTo(ScalarFunction.IN);
        assertThat(in.operands()).hasSize(4);
        assertThat(in.operands().getFirst()).isInstanceOf(InputReference.class);
        // The single equality on the other column stays an equality; IS NULL is kept as it is.
        assertThat(disjuncts.subList(1, 3)).extracting(expression -> ((Call) expression).function())
                .containsExactlyInAnyOrder(ScalarFunction.EQUAL, ScalarFunction.IS_NULL);
    }

    @Test
    void onlyAnInListIsTheInItself() {
        RexNode zip = rexBuilder.makeInputRef(text, 0);
        Expression translated = translator.translate(rexBuilder.makeCall(SqlStdOperatorTable.OR,
                equals(zip, rexBuilder.makeLiteral("a")), equals(zip, rexBuilder.makeLiteral("b"))));
        assertThat(((Call) translated).function()).isEqualTo(ScalarFunction.IN);
    }
}
