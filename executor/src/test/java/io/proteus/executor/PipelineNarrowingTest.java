package io.proteus.executor;

import static io.proteus.executor.testing.ExpressionTester.call;
import static io.proteus.executor.testing.ExpressionTester.ref;
import static io.proteus.executor.testing.TestData.drain;
import static io.proteus.executor.testing.TestData.row;
import static io.proteus.executor.testing.TestData.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.executor.expression.Expression;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.expression.ScalarFunction;
import io.proteus.executor.operator.Operator;
import io.proteus.executor.operator.TaskContext;
import io.proteus.executor.plan.FilterNode;
import io.proteus.executor.plan.HashJoinNode;
import io.proteus.executor.plan.JoinSide;
import io.proteus.executor.plan.JoinType;
import io.proteus.executor.plan.PlanNode;
import io.proteus.executor.plan.ProjectNode;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.testing.ArrowTestSupport;
import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;

/**
 * A projection over a chain of hash joins: every join gathers only the columns read above it (keys already used are
 * dropped), and the answers, with NULL keys, decimals, residual conditions, filters and SEMI joins in the chain, are
 * those of the joins written out by hand.
 */
class PipelineNarrowingTest extends ArrowTestSupport {

    private static final DataType INT = DataType.integer(true);
    private static final DataType DEC = DataType.decimal(7, 2, true);
    private static final DataType TEXT = DataType.varchar(true);
    private static final DataType BOOL = DataType.bool(true);

    /** Facts: (date key, item key, amount); NULL keys included. */
    private static ValuesNode facts() {
        List<List<Literal>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(List.of(i % 13 == 0 ? Literal.nullOf(INT) : Literal.of(i % 6), i % 11 == 0 ? Literal.nullOf(INT) : Literal.of(i % 5),
                    Literal.of(new BigDecimal(i + ".25"))));
        }
        return new ValuesNode(types(INT, INT, DEC), rows);
    }

    /** Dates: (key, year) for keys 0..4 (key 5 has no date). */
    private static ValuesNode dates() {
        List<List<Literal>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(List.of(Literal.of(i), Literal.of(2000 + i % 2)));
        }
        return new ValuesNode(types(INT, INT), rows);
    }

    /** Items: (key, name, flag) for keys 1..4. */
    private static ValuesNode items() {
        List<List<Literal>> rows = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            rows.add(List.of(Literal.of(i), Literal.of("item" + i), Literal.of(i % 2 == 0)));
        }
        return new ValuesNode(types(INT, TEXT, BOOL), rows);
    }

    private List<List<Object>> run(PlanNode plan) {
        try (BufferAllocator taskAllocator = allocator.newChildAllocator("task", 0, Long.MAX_VALUE)) {
            PipelineBuilder builder = new PipelineBuilder(new TaskContext("task", "worker", Map.of(), null, () -> false),
                    taskAllocator);
            List<List<Object>> rows;
            try (Operator root = builder.build(plan)) {
                rows = new ArrayList<>(drain(root));
            }
            for (int i = builder.allocators().size() - 1; i >= 0; i--) {
                builder.allocators().get(i).close();
            }
            rows.sort(Comparator.comparing(Object::toString));
            return rows;
        }
    }

    /** The same rows computed in Java: facts joined with dates and items, amount > 10, year, name, amount. */
    private static List<List<Object>> expected(boolean semiOnItems) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Integer date = i % 13 == 0 ? null : i % 6;
            Integer item = i % 11 == 0 ? null : i % 5;
            BigDecimal amount = new BigDecimal(i + ".25");
            if (date == null || date > 4 || item == null || item < 1 || amount.compareTo(BigDecimal.TEN) <= 0) {
                continue;
            }
            int year = 2000 + date % 2;
            // Residual of the item join: the item's flag, or the year 2000.
            boolean flag = item % 2 == 0;
            if (!(flag || year == 2000)) {
                continue;
            }
            rows.add(semiOnItems ? row(year, amount) : row(year, "item" + item, amount));
        }
        rows.sort(Comparator.comparing(Object::toString));
        return rows;
    }

    @Test
    void chainedJoinsKeepOnlyWhatIsReadAbove() {
        // facts ⋈ dates on date key (build: dates), filter amount > 10, ⋈ items on item key with residual
        // (flag OR year = 2000), project (year, name, amount). Output of the first join: 0 date, 1 item, 2 amount,
        // 3 d.key, 4 year; of the second: ... 5 i.key, 6 name, 7 flag.
        HashJoinNode first = new HashJoinNode(facts(), dates(), JoinType.INNER, List.of(0), List.of(0), null, JoinSide.RIGHT);
        FilterNode filtered = new FilterNode(first, call(ScalarFunction.GREATER_THAN, BOOL, ref(2, DEC),
                Literal.of(new BigDecimal("10.00"))));
        Expression residual = call(ScalarFunction.OR, BOOL, ref(7, BOOL),
                call(ScalarFunction.EQUAL, BOOL, ref(4, INT), Literal.of(2000)));
        HashJoinNode second = new HashJoinNode(filtered, items(), JoinType.INNER, List.of(1), List.of(0), residual,
                JoinSide.RIGHT);
        ProjectNode project = new ProjectNode(second, List.of(ref(4, INT), ref(6, TEXT), ref(2, DEC)));
        assertThat(run(project)).isEqualTo(expected(false)).isNotEmpty();
    }

    @Test
    void aSemiJoinInTheChainOutputsItsLeftSideOnly() {
        HashJoinNode first = new HashJoinNode(facts(), dates(), JoinType.INNER, List.of(0), List.of(0), null, JoinSide.LEFT);
        Expression residual = call(ScalarFunction.OR, BOOL, ref(7, BOOL),
                call(ScalarFunction.EQUAL, BOOL, ref(4, INT), Literal.of(2000)));
        HashJoinNode semi = new HashJoinNode(first, items(), JoinType.SEMI, List.of(1), List.of(0), residual, JoinSide.RIGHT);
        FilterNode filter = new FilterNode(semi, call(ScalarFunction.GREATER_THAN, BOOL, ref(2, DEC),
                Literal.of(new BigDecimal("10.00"))));
        ProjectNode project = new ProjectNode(filter, List.of(ref(4, INT), ref(2, DEC)));
        assertThat(run(project)).isEqualTo(expected(true)).isNotEmpty();
    }

    @Test
    void aProjectionOfLiteralsStillCountsTheRows() {
        HashJoinNode join = new HashJoinNode(facts(), dates(), JoinType.LEFT, List.of(0), List.of(0), null, JoinSide.RIGHT);
        ProjectNode project = new ProjectNode(join, List.of(Literal.of(1)));
        assertThat(run(project)).hasSize(60).containsOnly(row(1));
    }
}
