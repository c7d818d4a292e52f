package io.proteus.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.planner.rel.WorkflowJoin;
import io.proteus.planner.rel.WorkflowTableScan;
import io.proteus.sql.PlannedQuery;
import io.proteus.sql.SessionContext;
import io.proteus.sql.SqlFrontend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.Test;

/** Metadata of narrowed workflow scans: origins, uniqueness and keys follow the table columns actually read. */
class WorkflowScanMetadataTest {

    private static final SqlFrontend FRONTEND = new SqlFrontend(List.of(new TpcdsMetadataConnector()));
    private static final SessionContext SESSION = new SessionContext("tpcds", "sf1", Map.of());

    private static RelNode workflow(String sql) {
        PlannedQuery planned = FRONTEND.plan(FRONTEND.parse(sql).query(), SESSION);
        return WorkflowPlanner.toWorkflow(planned.plan());
    }

    private static <T extends RelNode> List<T> find(RelNode root, Class<T> type) {
        List<T> found = new ArrayList<>();
        if (type.isInstance(root)) {
            found.add(type.cast(root));
        }
        root.getInputs().forEach(input -> found.addAll(find(input, type)));
        return found;
    }

    private static WorkflowTableScan scanOf(RelNode root, String table) {
        return find(root, WorkflowTableScan.class).stream()
                .filter(scan -> scan.getTable().getQualifiedName().getLast().equals(table))
                .findFirst().orElseThrow();
    }

    @Test
    void narrowedScanReportsTheTableColumnsItReads() {
        RelNode root = workflow("select d_year, d_date_sk from date_dim where d_moy = 11");
        WorkflowTableScan scan = scanOf(root, "date_dim");
        List<String> tableColumns = scan.getTable().getRowType().getFieldNames();
        RelMetadataQuery metadata = scan.getCluster().getMetadataQuery();
        for (int output = 0; output < scan.columns().size(); output++) {
            RelColumnOrigin origin = metadata.getColumnOrigin(scan, output);
            assertThat(origin).isNotNull();
            assertThat(origin.isDerived()).isFalse();
            assertThat(tableColumns.get(origin.getOriginColumnOrdinal()))
                    .isEqualTo(scan.getRowType().getFieldNames().get(output));
        }
        int key = scan.getRowType().getFieldNames().indexOf("d_date_sk");
        int year = scan.getRowType().getFieldNames().indexOf("d_year");
        assertThat(key).isNotNegative();
        assertThat(year).isNotNegative();
        assertThat(metadata.areColumnsUnique(scan, ImmutableBitSet.of(key))).isTrue();
        assertThat(metadata.areColumnsUnique(scan, ImmutableBitSet.of(year))).isFalse();
        assertThat(metadata.getUniqueKeys(scan)).containsExactly(ImmutableBitSet.of(key));
    }

    @Test
    void scanWithoutTheKeyHasNoUniqueKeys() {
        RelNode root = workflow("select d_year, d_moy from date_dim");
        WorkflowTableScan scan = scanOf(root, "date_dim");
        RelMetadataQuery metadata = scan.getCluster().getMetadataQuery();
        assertThat(metadata.getUniqueKeys(scan)).isEmpty();
        assertThat(metadata.areColumnsUnique(scan, ImmutableBitSet.of(0))).isFalse();
    }

    @Test
    void keyJoinsOverNarrowedScansKeepTheFactTableRowCount() {
        RelNode root = workflow("""
                select i_brand, d_year, sum(ss_ext_sales_price)
                from store_sales, date_dim, item, customer_demographics
                where ss_sold_date_sk = d_date_sk and ss_item_sk = i_item_sk and ss_cdemo_sk = cd_demo_sk
                group by i_brand, d_year""");
        WorkflowTableScan sales = scanOf(root, "store_sales");
        RelMetadataQuery metadata = root.getCluster().getMetadataQuery();
        double salesRows = metadata.getRowCount(sales);
        for (WorkflowJoin join : find(root, WorkflowJoin.class)) {
            // Each join is on a dimension's key, so none multiplies the fact table's rows.
            assertThat(metadata.getRowCount(join)).isLessThanOrEqualTo(salesRows * 1.0001);
        }
    }

    @Test
    void outerJoinOnADimensionKeyIsAsSelectiveAsTheInnerJoin() {
        // The dimension's key is on the null-generating side; its NULLs come from this join and do not make the
        // equality less selective.
        RelNode root = workflow("""
                select p_channel_tv, sum(ss_net_paid)
                from store_sales left join promotion on ss_promo_sk = p_promo_sk
                group by p_channel_tv""");
        WorkflowTableScan promotion = scanOf(root, "promotion");
        RelMetadataQuery metadata = root.getCluster().getMetadataQuery();
        WorkflowJoin join = find(root, WorkflowJoin.class).getFirst();
        assertThat(metadata.getSelectivity(join, join.getCondition()))
                .isCloseTo(1.0 / metadata.getRowCount(promotion), org.assertj.core.data.Percentage.withPercentage(1));
    }
}
