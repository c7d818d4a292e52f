package io.proteus.server.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.server.query.QueryManager;
import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.Objective;
import io.proteus.spi.decision.Placement;
import io.proteus.spi.decision.Strategy;
import io.proteus.sql.ProteusSqlException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session property {@code placement}: its values, its validation, and how it overrides a decision. */
class SessionPlacementTest {

    @Test
    void parsesPackAndRoundRobin() {
        assertThat(SessionPlacement.parse("pack")).isEqualTo(Placement.PACK);
        assertThat(SessionPlacement.parse(" Round-Robin ")).isEqualTo(Placement.ROUND_ROBIN);
        assertThat(SessionPlacement.parse("round_robin")).isEqualTo(Placement.ROUND_ROBIN);
        assertThatThrownBy(() -> SessionPlacement.parse("named")).hasMessage("expected pack or round-robin");
        assertThat(SessionPlacement.sqlName(Placement.ROUND_ROBIN)).isEqualTo("round-robin");
    }

    @Test
    void isAValidatedSessionProperty() {
        assertThat(QueryManager.SESSION_PROPERTIES).contains("placement");
        QueryManager.validateProperty("placement", "pack");
        assertThatThrownBy(() -> QueryManager.validateProperty("placement", "spread"))
                .isInstanceOf(ProteusSqlException.class)
                .hasMessage("Invalid value 'spread' for placement: expected pack or round-robin");
        assertThatThrownBy(() -> new ExecutionSettings(Strategy.DYNAMIC, Objective.LATENCY, Optional.of(Placement.NAMED), 4, 1))
                .hasMessageContaining("NAMED");
    }

    @Test
    void overridesTheChosenPlacementAndSaysSo() {
        Decision chosen = new Decision("shuffle-hash-join", 4, Placement.NAMED, List.of("worker-1"), "build side small");
        Decision forced = SessionPlacement.apply(chosen, Placement.PACK);
        assertThat(forced.implementation()).isEqualTo("shuffle-hash-join");
        assertThat(forced.instances()).isEqualTo(4);
        assertThat(forced.placement()).isEqualTo(Placement.PACK);
        assertThat(forced.workers()).isEmpty();
        assertThat(forced.reason()).isEqualTo(
                "build side small; placement PACK forced by the session (placement = 'pack'), the node chose NAMED");

        Decision same = SessionPlacement.apply(Decision.of("scan", 2, Placement.ROUND_ROBIN, "4 partitions"), Placement.ROUND_ROBIN);
        assertThat(same.placement()).isEqualTo(Placement.ROUND_ROBIN);
        assertThat(same.reason()).endsWith("placement ROUND_ROBIN is also what the session forced (placement = 'round-robin')");
    }
}
