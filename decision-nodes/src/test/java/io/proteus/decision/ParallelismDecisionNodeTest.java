package io.proteus.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.spi.decision.ClusterStatus;
import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionContext;
import io.proteus.spi.decision.DecisionPoint;
import io.proteus.spi.decision.Implementations;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.Objective;
import io.proteus.spi.decision.PartitionObservation;
import io.proteus.spi.decision.Placement;
import io.proteus.spi.decision.Strategy;
import io.proteus.spi.decision.WorkerSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parallelism and placement decisions as pure functions. */
class ParallelismDecisionNodeTest {

    private static final DecisionThresholds THRESHOLDS = DecisionThresholds.defaults();
    private static final ClusterStatus CLUSTER = new ClusterStatus(List.of(
            new WorkerSlots("worker-0", 2, 2, 1L << 30, 0), new WorkerSlots("worker-1", 2, 1, 1L << 30, 0)));

    private static DecisionContext context(DecisionPoint point, InputObservation input, Map<String, String> properties) {
        return new DecisionContext("q", point.name(), point, List.of(), List.of(input), CLUSTER, Strategy.DYNAMIC,
                Objective.LATENCY, List.of(), properties);
    }

    @Test
    void scanUsesAtMostOneInstancePerPartitionAndSlot() {
        ParallelismDecisionNode node = new ParallelismDecisionNode(THRESHOLDS, DecisionPoint.SCAN);
        Decision few = node.decide(context(DecisionPoint.SCAN, InputObservation.estimated("t", 10, 100), Map.of("partitions", "1")));
        Decision many = node.decide(context(DecisionPoint.SCAN, InputObservation.estimated("t", 10, 100), Map.of("partitions", "16")));
        assertThat(few.instances()).isEqualTo(1);
        assertThat(many.instances()).isEqualTo(4);
        assertThat(many.implementation()).isEqualTo(Implementations.SCAN);
    }

    @Test
    void aggregateScalesWithObservedVolumeAndPacksSkew() {
        ParallelismDecisionNode node = new ParallelismDecisionNode(THRESHOLDS, DecisionPoint.AGGREGATE);
        List<PartitionObservation> small = new ArrayList<>();
        List<PartitionObservation> skewed = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            small.add(new PartitionObservation(i, "worker-" + (i % 2), 10, 1000));
            skewed.add(new PartitionObservation(i, "worker-0", i == 0 ? 1_000_000 : 10, i == 0 ? 200L << 20 : 1000));
        }
        Decision smallDecision = node.decide(context(DecisionPoint.AGGREGATE, InputObservation.of("partial", small), Map.of()));
        assertThat(smallDecision.instances()).isEqualTo(1);
        assertThat(smallDecision.placement()).isEqualTo(Placement.ROUND_ROBIN);
        Decision skewedDecision = node.decide(context(DecisionPoint.AGGREGATE, InputObservation.of("partial", skewed), Map.of()));
        assertThat(skewedDecision.placement()).isEqualTo(Placement.PACK);
        assertThat(skewedDecision.instances()).isEqualTo(4);
    }

    @Test
    void windowScalesLikeAnAggregateAndNamesItsImplementation() {
        ParallelismDecisionNode node = new ParallelismDecisionNode(THRESHOLDS, DecisionPoint.WINDOW);
        List<PartitionObservation> large = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            large.add(new PartitionObservation(i, "worker-" + (i % 2), 1_000_000, 100L << 20));
        }
        Decision decision = node.decide(context(DecisionPoint.WINDOW, InputObservation.of("window input", large), Map.of()));
        assertThat(decision.implementation()).isEqualTo(Implementations.PARTITIONED_WINDOW);
        assertThat(decision.instances()).isEqualTo(4);
        assertThat(node.name()).isEqualTo("proteus.window");
    }

    @Test
    void skewMeasureIsShareOfLargestFifth() {
        List<PartitionObservation> uniform = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            uniform.add(new PartitionObservation(i, "w", 100, 100));
        }
        assertThat(InputObservation.of("u", uniform).skew()).isEqualTo(0.2);
        assertThat(InputObservation.of("empty", List.of()).skew()).isZero();
    }
}
