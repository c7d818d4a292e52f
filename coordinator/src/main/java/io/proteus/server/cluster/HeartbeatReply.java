package io.proteus.server.cluster;

/**
 * The coordinator's answer to a heartbeat.
 *
 * @param heartbeatIntervalMillis how often the worker should send heartbeats
 * @param memberTimeoutMillis after how long without a heartbeat the coordinator marks the worker dead
 */
public record HeartbeatReply(long heartbeatIntervalMillis, long memberTimeoutMillis) {
}
