package io.proteus.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotTimelineTest {

    @Test
    void averagesTheSamplesOfEachSecondAndKeepsCompletedSecondsOnly() {
        try (SlotTimeline timeline = new SlotTimeline(() -> new SlotTimeline.Reading(0, 0, 0))) {
            Instant second = Instant.parse("2026-01-01T10:00:00Z");
            // Not started: nothing is sampled, the test feeds the timeline.
            timeline.add(second.plusMillis(0), 8, 2);
            timeline.add(second.plusMillis(250), 8, 4);
            timeline.add(second.plusMillis(500), 8, 6);
            timeline.add(second.plusMillis(750), 8, 8);
            assertThat(timeline.samples()).isEmpty();
            timeline.add(second.plusMillis(1000), 8, 0);
            timeline.add(second.plusMillis(3100), 8, 1);
            List<SlotSample> samples = timeline.samples();
            assertThat(samples).hasSize(2);
            assertThat(samples.get(0)).isEqualTo(new SlotSample(second, 8, 5.0, 0, 3.0));
            // A second without samples (the coordinator was busy) is skipped, not invented.
            assertThat(samples.get(1)).isEqualTo(new SlotSample(second.plusSeconds(1), 8, 0.0, 0, 8.0));
        }
    }
}
