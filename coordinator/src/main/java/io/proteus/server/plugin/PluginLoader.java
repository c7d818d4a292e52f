package io.proteus.server.plugin;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.decision.DecisionNodeProvider;
import io.proteus.spi.function.ArrowBatchFunction;
import io.proteus.spi.function.BackgroundFunction;
import io.proteus.spi.function.FunctionProvider;
import io.proteus.spi.planner.PlannerRuleProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.calcite.plan.RelOptRule;

/**
 * Finds and loads the plugins of a plugin directory at start-up. Each jar directly in the directory is one plugin, and
 * so is each sub-directory (all its jars together). A plugin gets its own {@link PluginClassLoader}; its services are
 * found with {@link ServiceLoader} ({@link DecisionNodeProvider}, {@link PlannerRuleProvider}, {@link FunctionProvider}),
 * instantiated and asked for their nodes, rules and background functions right away, so that anything wrong with a plugin fails the start-up with a message naming
 * the plugin, never a query later.
 */
public final class PluginLoader {

    private PluginLoader() {
    }

    /** Loads every plugin of the directory, in name order. */
    public static List<LoadedPlugin> load(Path directory) {
        requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new PluginLoadException("The plugin directory " + directory + " does not exist or is not a directory");
        }
        List<LoadedPlugin> plugins = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isDirectory(entry)) {
                    List<Path> jars = jarsIn(entry);
                    if (!jars.isEmpty()) {
                        plugins.add(loadPlugin(entry.getFileName().toString(), jars));
                    }
                } else if (entry.getFileName().toString().endsWith(".jar")) {
                    plugins.add(loadPlugin(entry.getFileName().toString(), List.of(entry)));
                }
            }
        } catch (IOException e) {
            throw new PluginLoadException("Cannot read the plugin directory " + directory + ": " + e.getMessage(), e);
        }
        checkUniqueNames(plugins);
        return plugins;
    }

    private static List<Path> jarsIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Loads one plugin from its jars; exposed for tests and for servers that list plugins in their configuration. */
    public static LoadedPlugin loadPlugin(String name, List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginLoadException("Plugin " + name + ": bad jar path " + jars.get(i), e);
            }
        }
        // The class loader stays open for the life of the process: the plugin's classes are in use until shutdown.
        PluginClassLoader loader = new PluginClassLoader(name, urls, PluginLoader.class.getClassLoader());
        List<DecisionNode> nodes = new ArrayList<>();
        List<RelOptRule> rules = new ArrayList<>();
        List<BackgroundFunction> functions = new ArrayList<>();
        List<ArrowBatchFunction> batchFunctions = new ArrayList<>();
        try {
            for (DecisionNodeProvider provider : ServiceLoader.load(DecisionNodeProvider.class, loader)) {
                List<DecisionNode> provided = requireNonNull(provider.decisionNodes(),
                        provider.getClass().getName() + ".decisionNodes() returned null");
                for (DecisionNode node : provided) {
                    requireNonNull(node.name(), provider.getClass().getName() + " provided a decision node without a name");
                    requireNonNull(node.point(), "decision node " + node.name() + " has no decision point");
                    nodes.add(node);
                }
            }
            for (PlannerRuleProvider provider : ServiceLoader.load(PlannerRuleProvider.class, loader)) {
                List<RelOptRule> provided = requireNonNull(provider.plannerRules(),
                        provider.getClass().getName() + ".plannerRules() returned null");
                provided.forEach(rule -> rules.add(requireNonNull(rule, provider.getClass().getName() + " provided a null rule")));
            }
            for (FunctionProvider provider : ServiceLoader.load(FunctionProvider.class, loader)) {
                List<BackgroundFunction> provided = requireNonNull(provider.functions(),
                        provider.getClass().getName() + ".functions() returned null");
                for (BackgroundFunction function : provided) {
                    requireNonNull(function, provider.getClass().getName() + " provided a null function");
                    requireNonNull(function.name(), provider.getClass().getName() + " provided a function without a name");
                    functions.add(function);
                }
                List<ArrowBatchFunction> batches = requireNonNull(provider.batchFunctions(),
                        provider.getClass().getName() + ".batchFunctions() returned null");
                for (ArrowBatchFunction function : batches) {
                    requireNonNull(function, provider.getClass().getName() + " provided a null batch function");
                    requireNonNull(function.name(), provider.getClass().getName() + " provided a function without a name");
                    batchFunctions.add(function);
                }
            }
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            throw new PluginLoadException("Plugin " + name + " (" + jars + ") failed to load: " + describe(e), e);
        }
        if (nodes.isEmpty() && rules.isEmpty() && functions.isEmpty() && batchFunctions.isEmpty()) {
            throw new PluginLoadException("Plugin " + name + " (" + jars + ") provides no decision nodes, no planner rules "
                    + "and no background functions: it needs META-INF/services/" + DecisionNodeProvider.class.getName()
                    + ", META-INF/services/" + PlannerRuleProvider.class.getName() + " or META-INF/services/"
                    + FunctionProvider.class.getName());
        }
        return new LoadedPlugin(name, jars, nodes, rules, functions, batchFunctions);
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable cause = error.getCause();
        while (cause != null && cause != error) {
            text.append(": ").append(cause.getClass().getSimpleName()).append(' ').append(cause.getMessage());
            error = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }

    private static void checkUniqueNames(List<LoadedPlugin> plugins) {
        Set<String> functionNames = new HashSet<>();
        for (LoadedPlugin plugin : plugins) {
            for (String function : java.util.stream.Stream.concat(plugin.functions().stream().map(BackgroundFunction::name),
                    plugin.batchFunctions().stream().map(ArrowBatchFunction::name)).toList()) {
                if (!functionNames.add(function)) {
                    throw new PluginLoadException("Plugin " + plugin.name() + " provides background function "
                            + function + ", a name another plugin (or another of its functions) already uses");
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (LoadedPlugin plugin : plugins) {
            for (DecisionNode node : plugin.decisionNodes()) {
                if (!names.add(node.name())) {
                    throw new PluginLoadException("Plugin " + plugin.name() + " provides decision node " + node.name()
                            + ", a name another plugin already uses");
                }
            }
        }
    }

    /** Fails if a plugin's decision node takes the name of a built-in one (names identify nodes in the runtime tables). */
    public static void checkNamesAgainst(List<LoadedPlugin> plugins, List<DecisionNode> builtIns) {
        Set<String> builtInNames = new HashSet<>();
        builtIns.forEach(node -> builtInNames.add(node.name()));
        for (LoadedPlugin plugin : plugins) {
            for (DecisionNode node : plugin.decisionNodes()) {
                if (builtInNames.contains(node.name())) {
                    throw new PluginLoadException("Plugin " + plugin.name() + " provides decision node " + node.name()
                            + ", the name of a built-in decision node; choose another name");
                }
            }
        }
    }
}
