package io.proteus.server.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How the cluster's function slots were used during one second: on average, how many ran query tasks, how many ran
 * background functions and how many were idle.
 *
 * @param time the start of the second
 * @param totalSlots slots of all workers
 * @param querySlots average slots busy with query tasks
 * @param backgroundSlots average slots busy with background functions
 * @param idleSlots average idle slots
 */
public record SlotSample(Instant time, int totalSlots, double querySlots, double backgroundSlots, double idleSlots) {

    public SlotSample {
        requireNonNull(time, "time");
    }
}
