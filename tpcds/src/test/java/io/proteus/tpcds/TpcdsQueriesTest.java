package io.proteus.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TpcdsQueriesTest {

    @Test
    void namesAreTheNinetyNineQueries() {
        assertThat(TpcdsQueries.names()).hasSize(99).startsWith("01", "02").endsWith("99").doesNotHaveDuplicates();
    }

    @Test
    void everyQueryIsBundled() {
        for (String name : TpcdsQueries.names()) {
            assertThat(TpcdsQueries.query(name)).as(name).containsIgnoringCase("select");
        }
        assertThat(TpcdsQueries.query("01")).contains("customer_total_return");
    }

    @Test
    void queryNamesWithoutLeadingZeroAreAccepted() {
        assertThat(TpcdsQueries.query("7")).isEqualTo(TpcdsQueries.query("07"));
    }

    @Test
    void unknownQueriesAreRejected() {
        assertThatThrownBy(() -> TpcdsQueries.query("100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpcdsQueries.query("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpcdsQueries.query("q1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersExistForScaleFactorOneOnly() {
        for (String name : TpcdsQueries.names()) {
            assertThat(TpcdsQueries.answerLines("sf1", name)).as(name).isPresent();
        }
        List<String> answer = TpcdsQueries.answerLines("sf1", "01").orElseThrow();
        assertThat(answer.getFirst()).isEqualTo("c_customer_id");
        assertThat(answer).hasSize(101);
        assertThat(answer.get(1)).isEqualTo("AAAAAAAAAAABBAAA");
        assertThat(TpcdsQueries.answerLines("SF1", "1")).contains(answer);
        assertThat(TpcdsQueries.answerLines("sf10", "01")).isEmpty();
        assertThat(TpcdsQueries.answerLines("tiny", "01")).isEmpty();
        assertThat(TpcdsQueries.answerLines("../sf1", "01")).isEmpty();
    }

    @Test
    void tableDefinitionsAreBundled() {
        assertThat(TpcdsQueries.tableDefinition("store_sales")).startsWith("create table store_sales");
        assertThatThrownBy(() -> TpcdsQueries.tableDefinition("nation")).isInstanceOf(IllegalArgumentException.class);
    }
}
