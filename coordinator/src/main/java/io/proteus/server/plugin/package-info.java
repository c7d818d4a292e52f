/**
 * Plugins: jars in the plugin directory, each loaded in its own class loader that shares only the SPI, Arrow and
 * Calcite with the engine, providing decision nodes and planner rules through {@link java.util.ServiceLoader}.
 */
package io.proteus.server.plugin;
