package io.proteus.server.cluster;

import java.util.List;

/**
 * The coordinator's answer to a heartbeat.
 *
 * @param heartbeatIntervalMillis how often the worker should send heartbeats
 * @param memberTimeoutMillis after how long without a heartbeat the coordinator marks the worker dead
 * @param activeQueryIds the queries the coordinator runs now, or null if it does not say: a worker drops what it holds
 *     of other queries (left behind when it was taken for dead while the query ended, for example)
 */
public record HeartbeatReply(long heartbeatIntervalMillis, long memberTimeoutMillis, List<String> activeQueryIds) {

    public HeartbeatReply {
        activeQueryIds = activeQueryIds == null ? null : List.copyOf(activeQueryIds);
    }
}
