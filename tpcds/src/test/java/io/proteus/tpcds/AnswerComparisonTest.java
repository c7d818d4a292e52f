package io.proteus.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerComparisonTest {

    @Test
    void numbersMatchWithinAbsoluteOrRelativeTolerance() {
        assertThat(AnswerComparison.valuesMatch("45162.45", "45162.45")).isTrue();
        assertThat(AnswerComparison.valuesMatch("45162.45", "45162.450000")).isTrue();
        assertThat(AnswerComparison.valuesMatch("1.00", "1.01")).isTrue();
        assertThat(AnswerComparison.valuesMatch("1.00", "1.011")).isTrue();
        assertThat(AnswerComparison.valuesMatch("1.00", "1.012")).isFalse();
        assertThat(AnswerComparison.valuesMatch("-3.5", "-3.49")).isTrue();
        // 1e-4 of the larger magnitude: 113622722.65 may be off by about 11362.
        assertThat(AnswerComparison.valuesMatch("113622722.65", "113630000.00")).isTrue();
        assertThat(AnswerComparison.valuesMatch("113622722.65", "113640000.00")).isFalse();
        assertThat(AnswerComparison.valuesMatch("100", "1.0E2")).isTrue();
        assertThat(AnswerComparison.valuesMatch(".5", "0.5")).isTrue();
    }

    @Test
    void textMatchesExactlyOrAfterStrippingSpaces() {
        assertThat(AnswerComparison.valuesMatch("amalgimporto #1", "amalgimporto #1")).isTrue();
        assertThat(AnswerComparison.valuesMatch("Sir  ", "Sir")).isTrue();
        assertThat(AnswerComparison.valuesMatch("Sir", "sir")).isFalse();
        assertThat(AnswerComparison.valuesMatch("1998-01-02", "1998-01-03")).isFalse();
        // Text that is not a number is never compared numerically, even when it starts with a digit.
        assertThat(AnswerComparison.valuesMatch("10 apples", "10.001 apples")).isFalse();
    }

    @Test
    void nullMatchesOnlyNull() {
        assertThat(AnswerComparison.valuesMatch("NULL", "NULL")).isTrue();
        assertThat(AnswerComparison.valuesMatch("NULL", "0")).isFalse();
        assertThat(AnswerComparison.valuesMatch("0", "NULL")).isFalse();
        assertThat(AnswerComparison.valuesMatch("NULL", "")).isFalse();
        assertThat(AnswerComparison.format(null)).isEqualTo("NULL");
    }

    @Test
    void valuesAreFormattedAsInAnswerFiles() {
        assertThat(AnswerComparison.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(AnswerComparison.format(new BigDecimal("45162.45"))).isEqualTo("45162.45");
        assertThat(AnswerComparison.format(Date.valueOf("2000-01-02"))).isEqualTo("2000-01-02");
        assertThat(AnswerComparison.format(42L)).isEqualTo("42");
    }

    @Test
    void rowsMatchValueByValue() {
        assertThat(AnswerComparison.rowsMatch("1998|2001001|amalgimporto #1|45162.45", "1998|2001001|amalgimporto #1|45162.451")).isTrue();
        assertThat(AnswerComparison.rowsMatch("NULL|NULL|113622722.65", "NULL|NULL|113622722.65")).isTrue();
        assertThat(AnswerComparison.rowsMatch("a|b", "a|b|c")).isFalse();
        assertThat(AnswerComparison.rowsMatch("a||c", "a||c")).isTrue();
        assertThat(AnswerComparison.rowsMatch("a||c", "a|NULL|c")).isFalse();
    }

    @Test
    void matchingResultHasNoDifference() {
        List<String> answer = List.of("d_year|brand_id|sum_agg", "1998|2001001|45162.45", "1998|5003001|NULL");
        assertThat(AnswerComparison.difference(AnswerComparison.answerRows(answer), List.of("1998|2001001|45162.45", "1998|5003001|NULL")))
                .isEmpty();
        assertThat(AnswerComparison.difference(List.of(), List.of())).isEmpty();
    }

    @Test
    void rowCountMismatchIsReported() {
        assertThat(AnswerComparison.difference(List.of("1|a", "2|b"), List.of("1|a")))
                .contains("expected 2 rows, got 1");
        assertThat(AnswerComparison.difference(List.of("1|a"), List.of()))
                .contains("expected 1 row, got 0");
    }

    @Test
    void wrongValueIsReportedWithItsRow() {
        assertThat(AnswerComparison.difference(List.of("1|a", "2|b"), List.of("1|a", "2|c")))
                .contains("row 2: expected [2|b] got [2|c]");
        assertThat(AnswerComparison.difference(List.of("1|NULL"), List.of("1|0")))
                .contains("row 1: expected [1|NULL] got [1|0]");
    }

    @Test
    void sameRowsInAnotherOrderDoNotMatch() {
        assertThat(AnswerComparison.difference(List.of("1|a", "2|b"), List.of("2|b", "1|a")))
                .hasValueSatisfying(difference -> assertThat(difference)
                        .startsWith("the expected rows in another order")
                        .contains("row 1: expected [1|a] got [2|b]"));
    }

    @Test
    void answerRowsDropTheHeader() {
        assertThat(AnswerComparison.answerRows(List.of("a|b", "1|2"))).containsExactly("1|2");
        assertThat(AnswerComparison.answerRows(List.of("a|b"))).isEmpty();
        assertThatThrownBy(() -> AnswerComparison.answerRows(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
