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
        assertThat(decision.reason()).contains("10.0 MB").contains("3 extra copies (4 slots on 2 workers) weigh 30.0 MB");
    }

    @Test
    void dynamicAlwaysBroadcastsATinyBuildSide() {
        // 6 MB against a probe side of the same size: under the 8 MB floor, a copy per slot is cheaper than a shuffle.
        Decision decision = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 6 * MEGABYTE, 8), 6 * MEGABYTE, 8);
        assertThat(decision.implementation()).isEqualTo(Implementations.BROADCAST_HASH_JOIN);
        assertThat(decision.reason()).contains("under 8.0 MB");
    }

    @Test
    void dynamicShufflesWhenTheBroadcastCopiesOutweighTheProbeSide() {
        // Fig. 7 at scale factor 0.5: two aggregated sides of 23 and 45 MB on 2 workers with 2 slots each. Broadcasting
        // would build the 23 MB hash table in all 4 probe instances (69 MB of extra copies), shuffling moves 45 MB.
        Decision balanced = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 23 * MEGABYTE, 8), 45 * MEGABYTE, 2);
        assertThat(balanced.implementation()).isEqualTo(Implementations.SHUFFLE_HASH_JOIN);
        assertThat(balanced.reason()).contains("would copy 69.0 MB, more than the probe side a shuffle moves");
        Decision lopsided = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 23 * MEGABYTE, 8), 100 * MEGABYTE, 2);
        assertThat(lopsided.implementation()).isEqualTo(Implementations.BROADCAST_HASH_JOIN);
    }

    @Test
    void largerClustersBroadcastLess() {
        InputObservation build = uniform("build", 20 * MEGABYTE, 8);
        assertThat(decide(Strategy.DYNAMIC, Objective.LATENCY, build, 100 * MEGABYTE, 2).implementation())
                .isEqualTo(Implementations.BROADCAST_HASH_JOIN);
        assertThat(decide(Strategy.DYNAMIC, Objective.LATENCY, build, 100 * MEGABYTE, 8).implementation())
                .isEqualTo(Implementations.SHUFFLE_HASH_JOIN);
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
    void hugeProbeEstimateDoesNotCollapseParallelism() {
        // A planner estimate saturated at 2^60 bytes must not wrap the volume around to one instance.
        Decision decision = decide(Strategy.DYNAMIC, Objective.LATENCY, uniform("build", 400 * MEGABYTE, 8), 1L << 60, 2);
        assertThat(decision.implementation()).isNotEqualTo(Implementations.BROADCAST_HASH_JOIN);
        assertThat(decision.instances()).isEqualTo(4);
    }

    @Test
    void bothSidesObservedBroadcastsTheSmallOne() {
        // After both sides ran, the engine offers the smaller observed side as the build side: 10 MB against 434 MB.
        Decision decision = node.decide(new DecisionContext("q", "join-0", DecisionPoint.JOIN,
                List.of(Implementations.BROADCAST_HASH_JOIN, Implementations.SHUFFLE_HASH_JOIN, Implementations.SHUFFLE_MERGE_JOIN),
                List.of(uniform("build side", 10 * MEGABYTE, 8), uniform("probe side", 434 * MEGABYTE, 32)), cluster(2),
                Strategy.DYNAMIC, Objective.LATENCY, List.of(), Map.of("both.observed", "true")));
        assertThat(decision.implementation()).isEqualTo(Implementations.BROADCAST_HASH_JOIN);
        assertThat(decision.instances()).isEqualTo(4);
        assertThat(decision.reason()).contains("probe side 434.0 MB").doesNotContain("~");
    }
}
