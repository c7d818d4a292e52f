package io.proteus.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TpcdsCatalogTest {

    @Test
    void schemasUseTrinoNames() {
        assertThat(TpcdsCatalog.schemaNames()).containsExactly("tiny", "sf0_1", "sf0_5", "sf1", "sf10", "sf100");
        assertThat(TpcdsCatalog.scaleFactor("tiny")).isEqualTo(0.01);
        assertThat(TpcdsCatalog.scaleFactor("sf1")).isEqualTo(1.0);
        assertThat(TpcdsCatalog.scaleFactor("SF10")).isEqualTo(10.0);
        assertThat(TpcdsCatalog.scaleFactor("sf100")).isEqualTo(100.0);
        assertThatThrownBy(() -> TpcdsCatalog.scaleFactor("sf3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thereAreTwentyFourTables() {
        assertThat(TpcdsCatalog.tables()).hasSize(24);
        assertThat(TpcdsCatalog.tables()).extracting(TpcdsTable::name)
                .isSorted()
                .contains("call_center", "store_sales", "store_returns", "web_site", "inventory")
                .doesNotContain("dbgen_version");
        assertThat(TpcdsCatalog.findTable("STORE_SALES")).isPresent();
        assertThat(TpcdsCatalog.findTable("nation")).isEmpty();
        assertThatThrownBy(() -> TpcdsCatalog.table("nation")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnTypesFollowTheDefinitions() {
        Schema storeSales = TpcdsCatalog.table("store_sales").arrowSchema();
        assertThat(storeSales.getFields()).hasSize(23);
        Field itemKey = storeSales.findField("ss_item_sk");
        assertThat(itemKey.getType()).isEqualTo(new ArrowType.Int(32, true));
        assertThat(itemKey.isNullable()).isFalse();
        Field customerKey = storeSales.findField("ss_customer_sk");
        assertThat(customerKey.isNullable()).isTrue();
        Field netProfit = storeSales.findField("ss_net_profit");
        assertThat(netProfit.getType()).isEqualTo(new ArrowType.Decimal(7, 2, 128));
        assertThat(storeSales.getFields().getFirst().getName()).isEqualTo("ss_sold_date_sk");
        assertThat(storeSales.getFields().getLast().getName()).isEqualTo("ss_net_profit");

        Schema dateDimension = TpcdsCatalog.table("date_dim").arrowSchema();
        assertThat(dateDimension.findField("d_date").getType()).isEqualTo(new ArrowType.Date(DateUnit.DAY));
        Field dateId = dateDimension.findField("d_date_id");
        assertThat(dateId.getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(dateId.isNullable()).isFalse();
        assertThat(dateId.getMetadata()).isEqualTo(Map.of(TpcdsCatalog.VARCHAR_LENGTH_METADATA_KEY, "16"));
        assertThat(dateDimension.findField("d_day_name").getMetadata())
                .containsEntry(TpcdsCatalog.VARCHAR_LENGTH_METADATA_KEY, "9");

        assertThat(TpcdsCatalog.table("customer_address").arrowSchema().findField("ca_gmt_offset").getType())
                .isEqualTo(new ArrowType.Decimal(5, 2, 128));
    }

    @Test
    void everyColumnHasAKnownType() {
        for (TpcdsTable table : TpcdsCatalog.tables()) {
            for (Field field : table.arrowSchema().getFields()) {
                assertThat(field.getName()).isLowerCase();
                assertThat(field.getType()).isInstanceOfAny(
                        ArrowType.Int.class, ArrowType.Decimal.class, ArrowType.Date.class, ArrowType.Utf8.class);
                if (field.getType() instanceof ArrowType.Utf8) {
                    assertThat(field.getMetadata()).containsKey(TpcdsCatalog.VARCHAR_LENGTH_METADATA_KEY);
                }
            }
        }
    }

    @Test
    void definitionsAreParsedWhateverTheLayout() {
        TpcdsTable table = TableDefinitions.parse(
                "CREATE TABLE t (\n a INTEGER NOT NULL, b decimal( 15 , 2 ) ,c date , d char(3) not   null\n);");
        assertThat(table.name()).isEqualTo("t");
        assertThat(table.arrowSchema().getFields()).extracting(Field::getName).containsExactly("a", "b", "c", "d");
        assertThat(table.arrowSchema().findField("b").getType()).isEqualTo(new ArrowType.Decimal(15, 2, 128));
        assertThat(table.arrowSchema().findField("d").isNullable()).isFalse();
        assertThatThrownBy(() -> TableDefinitions.parse("create table t (a blob)"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void estimatedRowCountsFollowTheGenerator() {
        assertThat(TpcdsCatalog.table("call_center").estimatedRowCount(1)).isEqualTo(6);
        assertThat(TpcdsCatalog.table("date_dim").estimatedRowCount(1)).isEqualTo(73_049);
        assertThat(TpcdsCatalog.table("item").estimatedRowCount(1)).isEqualTo(18_000);
        assertThat(TpcdsCatalog.table("inventory").estimatedRowCount(1)).isEqualTo(11_745_000);
        assertThat(TpcdsCatalog.table("customer").estimatedRowCount(0.01)).isEqualTo(1_000);
        assertThat((double) TpcdsCatalog.table("store_sales").estimatedRowCount(1)).isCloseTo(2_880_404, within(3_000.0));
        assertThat((double) TpcdsCatalog.table("catalog_sales").estimatedRowCount(1)).isCloseTo(1_441_548, within(3_000.0));
        assertThat((double) TpcdsCatalog.table("web_sales").estimatedRowCount(1)).isCloseTo(719_384, within(3_000.0));
        assertThat((double) TpcdsCatalog.table("store_returns").estimatedRowCount(1)).isCloseTo(287_514, within(3_000.0));
        assertThat((double) TpcdsCatalog.table("catalog_returns").estimatedRowCount(1)).isCloseTo(144_067, within(3_000.0));
        assertThat((double) TpcdsCatalog.table("web_returns").estimatedRowCount(1)).isCloseTo(71_763, within(3_000.0));
    }

    @Test
    void partitionCountRule() {
        assertThat(TpcdsDataStore.partitionCount(0)).isEqualTo(1);
        assertThat(TpcdsDataStore.partitionCount(6)).isEqualTo(1);
        assertThat(TpcdsDataStore.partitionCount(100_000)).isEqualTo(1);
        assertThat(TpcdsDataStore.partitionCount(100_001)).isEqualTo(4);
        assertThat(TpcdsDataStore.partitionCount(719_384)).isEqualTo(4);
        assertThat(TpcdsDataStore.partitionCount(1_441_548)).isEqualTo(6);
        assertThat(TpcdsDataStore.partitionCount(2_880_404)).isEqualTo(12);
        assertThat(TpcdsDataStore.partitionCount(11_745_000)).isEqualTo(16);
    }
}
