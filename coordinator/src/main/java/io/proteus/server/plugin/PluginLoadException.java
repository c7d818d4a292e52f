package io.proteus.server.plugin;

/** A plugin that could not be loaded; raised at start-up, so that a broken plugin never surfaces in a query. */
public final class PluginLoadException extends RuntimeException {

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public PluginLoadException(String message) {
        super(message);
    }
}
