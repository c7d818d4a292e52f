package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Splitting SQL text into statements at semicolons outside quotes and comments. */
class StatementSplitterTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        StatementSplitter.Split split = StatementSplitter.split(
                "SELECT ';' AS a; -- not; here\nSELECT \"odd;name\" FROM t /* ; */;\n SET priority = 'batch' ;  SELECT 1");
        assertThat(split.statements()).containsExactly("SELECT ';' AS a",
                "-- not; here\nSELECT \"odd;name\" FROM t /* ; */", "SET priority = 'batch'");
        assertThat(split.remainder()).isEqualTo("  SELECT 1");
        assertThat(split.remainderIsBlank()).isFalse();
    }

    @Test
    void doubledQuotesStayInsideStringsAndEmptyStatementsAreDropped() {
        StatementSplitter.Split split = StatementSplitter.split("SELECT 'it''s; fine';;  ; -- done\n");
        assertThat(split.statements()).containsExactly("SELECT 'it''s; fine'");
        assertThat(split.remainderIsBlank()).isTrue();
    }

    @Test
    void aLineIsCompleteOnlyWhenItsLastStatementEnds() {
        assertThat(SqlCommand.StatementParser.complete("SELECT 1")).isFalse();
        assertThat(SqlCommand.StatementParser.complete("SELECT ';'")).isFalse();
        assertThat(SqlCommand.StatementParser.complete("SELECT 'unclosed;")).isFalse();
        assertThat(SqlCommand.StatementParser.complete("SELECT 1\nFROM t;")).isTrue();
        assertThat(SqlCommand.StatementParser.complete("SELECT 1; -- comment")).isTrue();
        assertThat(SqlCommand.StatementParser.complete("quit")).isTrue();
        assertThat(SqlCommand.StatementParser.complete("")).isTrue();
    }
}
