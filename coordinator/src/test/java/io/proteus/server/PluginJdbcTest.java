package io.proteus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.server.plugin.LoadedPlugin;
import io.proteus.server.plugin.PluginLoadException;
import io.proteus.spi.decision.DecisionNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the example plugin the reactor built (examples/decision-plugin) into a running cluster's plugin directory
 * and sees its decision node and planner rule at work through JDBC; broken plugins fail the start-up clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginJdbcTest {

    private static final String JOIN = "SELECT count(*) FROM tpcds.tiny.store_sales ss JOIN tpcds.tiny.customer c "
            + "ON ss.ss_customer_sk = c.c_customer_sk";

    private Path pluginDirectory;
    private LocalCluster cluster;
    private Connection connection;

    @BeforeAll
    void start() throws Exception {
        Path exampleJar = exampleJar();
        pluginDirectory = Files.createTempDirectory("proteus-plugins");
        Files.copy(exampleJar, pluginDirectory.resolve(exampleJar.getFileName()));
        System.setProperty("proteus.example.mergeJoinThresholdRows", "1000");
        try {
            cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withSlotsPerWorker(2)
                    .withDataDirectory(TestDataDirectory.path()).withPluginDirectory(pluginDirectory));
        } finally {
            System.clearProperty("proteus.example.mergeJoinThresholdRows");
        }
        connection = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/tiny");
    }

    @AfterAll
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (pluginDirectory != null) {
            try (Stream<Path> files = Files.list(pluginDirectory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(pluginDirectory);
        }
    }

    /** The jar the reactor built from examples/decision-plugin before this module's tests. */
    static Path exampleJar() throws IOException {
        Path target = Path.of("..", "examples", "decision-plugin", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(file -> file.getFileName().toString().matches("proteus-example-plugin-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The example plugin jar is missing in " + target
                            + "; build it first (mvn -B verify builds it before the coordinator's tests)"));
        }
    }

    private List<String> lines(String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            while (resultSet.next()) {
                lines.add(resultSet.getString(1));
            }
        }
        return lines;
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            assertThat(resultSet.next()).isTrue();
            return resultSet.getLong(1);
        }
    }

    @Test
    void pluginIsLoadedInItsOwnClassLoader() {
        assertThat(cluster.plugins()).hasSize(1);
        LoadedPlugin plugin = cluster.plugins().get(0);
        assertThat(plugin.decisionNodes()).extracting(DecisionNode::name).containsExactly("example.merge-large-joins");
        assertThat(plugin.plannerRules()).hasSize(1);
        ClassLoader pluginLoader = plugin.decisionNodes().get(0).getClass().getClassLoader();
        assertThat(pluginLoader).isNotSameAs(getClass().getClassLoader());
        // The SPI is shared with the engine; the engine's own classes are not visible to the plugin.
        assertThat(plugin.decisionNodes().get(0)).isInstanceOf(DecisionNode.class);
        assertThatThrownBy(() -> Class.forName(LocalCluster.class.getName(), false, pluginLoader))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void pluginDecisionNodeDecidesTheJoin() throws SQLException {
        String explained = String.join("\n", lines("EXPLAIN ANALYZE " + JOIN));
        assertThat(explained).contains("[JOIN by example.merge-large-joins]: shuffle-merge-join x4")
                .contains("example plugin: the build side has");
        // The sort-merge join the plugin chose gives the same count as a semi join over the unique customer key.
        assertThat(count(JOIN)).isEqualTo(count("SELECT count(*) FROM tpcds.tiny.store_sales "
                + "WHERE ss_customer_sk IN (SELECT c_customer_sk FROM tpcds.tiny.customer)"));
    }

    @Test
    void pluginPlannerRuleRewritesPrefixPatterns() throws SQLException {
        String query = "SELECT count(*) FROM tpcds.tiny.item WHERE i_item_desc LIKE 'Ab%'";
        String plan = String.join("\n", lines("EXPLAIN " + query));
        assertThat(plan).contains("Sarg[['Ab'..'Ac')").doesNotContain("LIKE");
        long expected = count("SELECT count(*) FROM tpcds.tiny.item WHERE substring(i_item_desc, 1, 2) = 'Ab'");
        assertThat(expected).isPositive();
        assertThat(count(query)).isEqualTo(expected);
    }

    @Test
    void pluginNamingAMissingClassFailsTheStartUp(@TempDir Path brokenDirectory) throws IOException {
        writeJar(brokenDirectory.resolve("broken-plugin.jar"),
                "META-INF/services/io.proteus.spi.decision.DecisionNodeProvider", "com.example.MissingProvider\n");
        assertThatThrownBy(() -> LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0)
                        .withDataDirectory(TestDataDirectory.path()).withPluginDirectory(brokenDirectory)))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("broken-plugin.jar")
                .hasMessageContaining("com.example.MissingProvider");
    }

    @Test
    void pluginWithoutServicesFailsTheStartUp(@TempDir Path emptyDirectory) throws IOException {
        writeJar(emptyDirectory.resolve("empty-plugin.jar"), "README.txt", "nothing here\n");
        assertThatThrownBy(() -> LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0)
                        .withDataDirectory(TestDataDirectory.path()).withPluginDirectory(emptyDirectory)))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("empty-plugin.jar")
                .hasMessageContaining("provides no decision nodes, no planner rules and no background functions");
    }

    private static void writeJar(Path jar, String entry, String content) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
