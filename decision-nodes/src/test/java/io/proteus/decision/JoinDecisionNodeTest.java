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

/** The join decision as a pure function: context in, decision out. */
class JoinDecisionNodeTest {

    private static final long MEGABYTE = 1 << 20;
    private final JoinDecisionNode node = new JoinDecisionNode(DecisionThresholds.defaults());

    private static ClusterStatus cluster(int workers) {
        List<WorkerSlots> slots = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            slots.add(new WorkerSlots("worker-" + i, 2, 2, 4L << 30, 0));
        }
        return new ClusterStatus(slots);
    }

    private static InputObservation uniform(String name, long bytes, int partitions) {
        List<PartitionObservation> observed = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            observed.add(new PartitionObservation(i, "worker-" + (i % 2), 1000, bytes / partitions));
        }
        return InputObservation.of(name, observed);
    }

    private static InputObservation skewed(String name, long bytes) {
        List<PartitionObservation> observed = new ArrayList<>();
        observed.add(new PartitionObservation(0, "worker-0", 90_000, bytes * 9 / 10));
        for (int i = 1; i < 10; i++) {
            observed.add(new PartitionObservation(i, "worker-1", 1_000, bytes / 90));
        }
        return InputObservation.of(name, observed);
    }

    private Decision decide(Strategy strategy, Objective objective, InputObservation build, long probeBytes, int workers) {
        return node.decide(new DecisionContext("q", "join-0", DecisionPoint.JOIN,
                List.of(Implementations.BROADCAST_HASH_JOIN, Implementations.SHUFFLE_HASH_JOIN, Implementations.SHUFFLE_MERGE_JOIN),
                List.of(build, InputObservation.estimated("probe", probeBytes / 100, probeBytes)), cluster(workers),
                strategy, objective, List.of(), Map.of()));
    }

    @Test
    void dynamicBroadcastsSmallBuildSide() {
        Decision decision = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 10 * MEGABYTE, 8), 400 * MEGABYTE, 2);
        assertThat(decision.implementation()).isEqualTo(Implementations.BROADCAST_HASH_JOIN);
        assertThat(decision.reason()).contains("10.0 MB").contains("small cluster");
    }

    @Test
    void dynamicShufflesLargeBuildSide() {
        Decision decision = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 100 * MEGABYTE, 8), 400 * MEGABYTE, 2);
        assertThat(decision.implementation()).isEqualTo(Implementations.SHUFFLE_HASH_JOIN);
        assertThat(decision.placement()).isEqualTo(Placement.ROUND_ROBIN);
        assertThat(decision.instances()).isBetween(1, 4);
    }

    @Test
    void dynamicOnLargeClusterShufflesWhenBuildIsLargeShareOfProbe() {
        Decision decision = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 20 * MEGABYTE, 8), 40 * MEGABYTE, 16);
        assertThat(decision.implementation()).isNotEqualTo(Implementations.BROADCAST_HASH_JOIN);
    }

    @Test
    void costObjectiveBroadcastsUpToTwiceTheLimit() {
        InputObservation build = uniform("build", 50 * MEGABYTE, 8);
        assertThat(decide(Strategy.DYNAMIC, Objective.LATENCY, build, 400 * MEGABYTE, 2).implementation())
                .isEqualTo(Implementations.SHUFFLE_HASH_JOIN);
        assertThat(decide(Strategy.DYNAMIC, Objective.COST, build, 400 * MEGABYTE, 2).implementation())
                .isEqualTo(Implementations.BROADCAST_HASH_JOIN);
    }

    @Test
    void skewedBuildSidePacks() {
        Decision decision = decide(Strategy.DYNAMIC, Objective.LATENCY, skewed("build", 100 * MEGABYTE), 400 * MEGABYTE, 2);
        assertThat(decision.placement()).isEqualTo(Placement.PACK);
        assertThat(decision.reason()).contains("skew");
    }

    @Test
    void staticStrategiesIgnoreSizes() {
        InputObservation tiny = uniform("build", MEGABYTE, 2);
        InputObservation huge = uniform("build", 1000 * MEGABYTE, 8);
        assertThat(decide(Strategy.STATIC_MERGE, Objective.LATENCY, tiny, 400 * MEGABYTE, 2).implementation())
                .isEqualTo(Implementations.SHUFFLE_MERGE_JOIN);
        assertThat(decide(Strategy.STATIC_HASH, Objective.LATENCY, huge, 400 * MEGABYTE, 2).implementation())
                .isEqualTo(Implementations.BROADCAST_HASH_JOIN);
    }

    @Test
    void fullJoinNeverBroadcasts() {
        Decision decision = node.decide(new DecisionContext("q", "join-0", DecisionPoint.JOIN,
                List.of(Implementations.SHUFFLE_HASH_JOIN, Implementations.SHUFFLE_MERGE_JOIN),
                List.of(uniform("build", MEGABYTE, 2), InputObservation.estimated("probe", 10, 400 * MEGABYTE)), cluster(2),
                Strategy.STATIC_HASH, Objective.LATENCY, List.of(), Map.of()));
        assertThat(decision.implementation()).isEqualTo(Implementations.SHUFFLE_HASH_JOIN);
    }

    @Test
    void unboundedProbeEstimateStillUsesEveryInstance() {
        // A probe side estimated at Long.MAX_VALUE bytes must not wrap the total volume around to one instance.
        Decision decision = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 400 * MEGABYTE, 8), Long.MAX_VALUE, 2);
        assertThat(decision.implementation()).isNotEqualTo(Implementations.BROADCAST_HASH_JOIN);
        assertThat(decision.instances()).isEqualTo(4);
    }
}
