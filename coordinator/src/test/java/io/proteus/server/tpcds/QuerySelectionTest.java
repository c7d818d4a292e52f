package io.proteus.server.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuerySelectionTest {

    @Test
    void rangeOfAllQueries() {
        QuerySelection all = QuerySelection.parse("1-99");
        assertThat(all.queries()).hasSize(99).startsWith("01", "02").endsWith("98", "99");
        assertThat(all).isEqualTo(QuerySelection.all());
        assertThat(QuerySelection.parse(QuerySelection.ALL)).isEqualTo(all);
    }

    @Test
    void listOfQueriesKeepsItsOrder() {
        assertThat(QuerySelection.parse("3,7,42").queries()).containsExactly("03", "07", "42");
        assertThat(QuerySelection.parse("42,3").queries()).containsExactly("42", "03");
        assertThat(QuerySelection.parse("7").queries()).containsExactly("07");
    }

    @Test
    void mixedListsAndRangesWithSpacesAndLeadingZeros() {
        assertThat(QuerySelection.parse("1-3, 42 ,97-99").queries())
                .containsExactly("01", "02", "03", "42", "97", "98", "99");
        assertThat(QuerySelection.parse("03,007, 5 - 6").queries()).containsExactly("03", "07", "05", "06");
        assertThat(QuerySelection.parse("9-9").queries()).containsExactly("09");
    }

    @Test
    void queriesNamedTwiceRunOnce() {
        assertThat(QuerySelection.parse("1-3,2,3,1").queries()).containsExactly("01", "02", "03");
    }

    @Test
    void invalidSelectionsSayWhatIsWrong() {
        assertThatThrownBy(() -> QuerySelection.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid query selection ''")
                .hasMessageContaining("it is empty")
                .hasMessageContaining("such as 1-99, 3,7,42");
        assertThatThrownBy(() -> QuerySelection.parse("3,x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' is not a query number (1 to 99)");
        assertThatThrownBy(() -> QuerySelection.parse("0"))
                .hasMessageContaining("there is no query 0 (the queries are 1 to 99)");
        assertThatThrownBy(() -> QuerySelection.parse("1-100"))
                .hasMessageContaining("there is no query 100");
        assertThatThrownBy(() -> QuerySelection.parse("99999999999"))
                .hasMessageContaining("there is no query 99999999999");
        assertThatThrownBy(() -> QuerySelection.parse("10-3"))
                .hasMessageContaining("the range 10-3 ends before it starts");
        assertThatThrownBy(() -> QuerySelection.parse("3,,7"))
                .hasMessageContaining("an item between commas is empty");
        assertThatThrownBy(() -> QuerySelection.parse("3-"))
                .hasMessageContaining("'' is not a query number");
        assertThatThrownBy(() -> QuerySelection.parse("-3"))
                .hasMessageContaining("'-3' is not a query number");
        assertThatThrownBy(() -> QuerySelection.parse("q3"))
                .hasMessageContaining("'q3' is not a query number");
        assertThatThrownBy(() -> QuerySelection.parse("1-2-3"))
                .hasMessageContaining("'2-3' is not a query number");
    }
}
