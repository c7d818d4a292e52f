package io.proteus.server.tpcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTablesTest {

    @Test
    void tablesOfShippedQueries() {
        assertThat(QueryTables.referencedBy(QueryRunner.statementText("03")))
                .containsExactly("date_dim", "item", "store_sales");
        assertThat(QueryTables.referencedBy(QueryRunner.statementText("96")))
                .containsExactly("household_demographics", "store", "store_sales", "time_dim");
    }

    @Test
    void namesInsideOtherNamesLiteralsAndCommentsDoNotCount() {
        String sql = """
                -- reads the store table? no: store_sales only
                SELECT ss_store_sk, 'store' AS channel, s_store_name /* from store */
                FROM store_sales JOIN "date_dim" ON ss_sold_date_sk = d_date_sk
                """;
        assertThat(QueryTables.referencedBy(sql)).containsExactly("date_dim", "store_sales");
        assertThat(QueryTables.referencedBy("select * from STORE, Item")).containsExactly("item", "store");
    }

    @Test
    void tablesOfSeveralQueriesAreUnited() {
        assertThat(QueryTables.referencedByAny(List.of("select 1 from item", "select 1 from store, item")))
                .containsExactly("item", "store");
    }
}
