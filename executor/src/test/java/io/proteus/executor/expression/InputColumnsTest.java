package io.proteus.executor.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.type.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputColumnsTest {

    private static final DataType INT = DataType.integer(true);

    @Test
    void referencedColumnsAreDistinctAndIncreasing() {
        List<Expression> expressions = List.of(
                new InputReference(7, INT),
                Call.of(ScalarFunction.ADD, INT, new InputReference(3, INT), new InputReference(7, INT)),
                Literal.of(1));
        assertThat(InputColumns.referenced(expressions)).containsExactly(3, 7);
        assertThat(InputColumns.referenced(List.of(Literal.of(1)))).isEmpty();
    }

    @Test
    void narrowedExpressionsReadTheKeptPositions() {
        List<Expression> expressions = List.of(
                Call.of(ScalarFunction.ADD, INT, new InputReference(3, INT), new InputReference(7, INT)),
                new InputReference(7, INT),
                Literal.of(1));
        assertThat(InputColumns.narrowed(expressions, new int[] {3, 7})).containsExactly(
                Call.of(ScalarFunction.ADD, INT, new InputReference(0, INT), new InputReference(1, INT)),
                new InputReference(1, INT),
                Literal.of(1));
        assertThatThrownBy(() -> InputColumns.narrowed(expressions, new int[] {3}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
