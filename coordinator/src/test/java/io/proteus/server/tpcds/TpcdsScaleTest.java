package io.proteus.server.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TpcdsScaleTest {

    @Test
    void scaleFactorsAndSchemaNamesNameTheSchema() {
        assertThat(TpcdsScale.parse("1").schema()).isEqualTo("sf1");
        assertThat(TpcdsScale.parse("1.0").schema()).isEqualTo("sf1");
        assertThat(TpcdsScale.parse("10").schema()).isEqualTo("sf10");
        assertThat(TpcdsScale.parse("100").schema()).isEqualTo("sf100");
        assertThat(TpcdsScale.parse("0.01").schema()).isEqualTo("tiny");
        assertThat(TpcdsScale.parse("0.1").schema()).isEqualTo("sf0_1");
        assertThat(TpcdsScale.parse("0.5").schema()).isEqualTo("sf0_5");
        assertThat(TpcdsScale.parse("SF1").schema()).isEqualTo("sf1");
        assertThat(TpcdsScale.parse("tiny").scaleFactor()).isEqualTo(0.01);
    }

    @Test
    void unknownScaleNamesTheKnownOnes() {
        assertThatThrownBy(() -> TpcdsScale.parse("2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown TPC-DS scale factor '2'; known: 0.01 (tiny), 0.1 (sf0_1), 0.5 (sf0_5), 1 (sf1), 10 (sf10), 100 (sf100)");
        assertThatThrownBy(() -> TpcdsScale.parse("huge")).hasMessageContaining("Unknown TPC-DS scale factor 'huge'");
    }
}
