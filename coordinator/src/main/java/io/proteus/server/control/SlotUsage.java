package io.proteus.server.control;

/**
 * The global controller's slots at one moment.
 *
 * @param totalSlots slots of all workers
 * @param querySlots slots held by query tasks
 * @param backgroundSlots slots held by background functions
 * @param backgroundStopping preempted background functions still stopping (their slots already given to queries)
 * @param queryClaimsWaiting query claims waiting for a slot
 * @param backgroundClaimsWaiting background claims waiting for a slot
 * @param grants claims granted since the controller started
 * @param preemptions background functions preempted since the controller started
 */
public record SlotUsage(int totalSlots, int querySlots, int backgroundSlots, int backgroundStopping, int queryClaimsWaiting,
        int backgroundClaimsWaiting, long grants, long preemptions) {

    /** Slots held by nobody. */
    public int idleSlots() {
        return Math.max(0, totalSlots - querySlots - backgroundSlots);
    }
}
