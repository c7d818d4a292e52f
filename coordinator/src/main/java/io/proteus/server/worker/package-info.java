/**
 * The worker process ({@code bin/proteus worker}): a Flight worker that registers with a coordinator and sends it
 * heartbeats, finds table files under its own data directory, and answers health probes.
 */
package io.proteus.server.worker;
