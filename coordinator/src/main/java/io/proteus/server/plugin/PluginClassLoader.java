package io.proteus.server.plugin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin: its own jars first, and from the engine only the packages plugins compile against
 * (the SPI, Arrow, Calcite and SLF4J). Every other engine class, and every resource of the engine (so no service file
 * of the engine's class path), is invisible to the plugin, which may therefore bundle its own versions of libraries
 * the engine also uses.
 */
final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes the plugin shares with the engine. */
    static final List<String> SHARED_PACKAGES = List.of(
            "io.proteus.spi.", "org.apache.arrow.", "org.apache.calcite.", "org.slf4j.");

    private final ClassLoader engine;

    PluginClassLoader(String pluginName, URL[] jars, ClassLoader engine) {
        // The platform loader (the JDK) is the parent; engine classes are reached only through loadClass below.
        super("plugin-" + pluginName, jars, ClassLoader.getPlatformClassLoader());
        this.engine = requireNonNull(engine, "engine");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (isShared(name)) {
                Class<?> shared = engine.loadClass(name);
                if (resolve) {
                    resolveClass(shared);
                }
                return shared;
            }
            return super.loadClass(name, resolve);
        }
    }

    static boolean isShared(String className) {
        return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }

    /** Resources come from the plugin's jars and the JDK only, so service files of the engine are never seen. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith("META-INF/services/") ? findResources(name) : super.getResources(name);
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
