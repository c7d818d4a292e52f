package io.proteus.examples.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.spi.decision.ClusterStatus;
import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionContext;
import io.proteus.spi.decision.DecisionPoint;
import io.proteus.spi.decision.Implementations;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.Objective;
import io.proteus.spi.decision.PartitionObservation;
import io.proteus.spi.decision.Strategy;
import io.proteus.spi.decision.WorkerSlots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example's decision node as a pure function, and the pattern analysis of its planner rule. */
class ExamplePluginTest {

    private final MergeLargeJoinsNode node = new MergeLargeJoinsNode(1000);

    private static DecisionContext join(long buildRows, boolean observed) {
        InputObservation build = observed
                ? InputObservation.of("build side", List.of(new PartitionObservation(0, "worker-0", buildRows, buildRows * 8)))
                : InputObservation.estimated("build side", buildRows, buildRows * 8);
        return new DecisionContext("q", "join-1", DecisionPoint.JOIN,
                List.of(Implementations.BROADCAST_HASH_JOIN, Implementations.SHUFFLE_HASH_JOIN, Implementations.SHUFFLE_MERGE_JOIN),
                List.of(build, InputObservation.estimated("probe side", 1_000_000, 8_000_000)),
                new ClusterStatus(List.of(new WorkerSlots("worker-0", 3, 3, 1L << 30, 0), new WorkerSlots("worker-1", 3, 1, 1L << 30, 0))),
                Strategy.DYNAMIC, Objective.LATENCY, List.of(), Map.of());
    }

    @Test
    void decidesOnlyForObservedBuildSidesOverTheThreshold() {
        assertThat(node.appliesTo(join(999, true))).isFalse();
        assertThat(node.appliesTo(join(5000, false))).isFalse();
        assertThat(node.appliesTo(join(1000, true))).isTrue();
    }

    @Test
    void sortMergesOverEverySlot() {
        Decision decision = node.decide(join(5000, true));
        assertThat(decision.implementation()).isEqualTo(Implementations.SHUFFLE_MERGE_JOIN);
        assertThat(decision.instances()).isEqualTo(6);
        assertThat(decision.reason()).contains("5000 rows").contains("threshold of 1000");
    }

    @Test
    void onlyPlainTrailingPercentPatternsBecomeRanges() {
        assertThat(LikePrefixToRangeRule.prefixOf("Ab%")).isEqualTo("Ab");
        assertThat(LikePrefixToRangeRule.prefixOf("%Ab")).isNull();
        assertThat(LikePrefixToRangeRule.prefixOf("A_b%")).isNull();
        assertThat(LikePrefixToRangeRule.prefixOf("A%b%")).isNull();
        assertThat(LikePrefixToRangeRule.prefixOf("Ab")).isNull();
        assertThat(LikePrefixToRangeRule.prefixOf("%")).isNull();
        assertThat(LikePrefixToRangeRule.prefixOf("a\\%%")).isNull();
        assertThat(LikePrefixToRangeRule.prefixOf("a\uffff%")).isNull();
    }
}
