package io.proteus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProteusDriverTest {

    @Test
    void isRegisteredAsAServiceAndWithTheDriverManager() throws Exception {
        assertThat(ServiceLoader.load(Driver.class)).anyMatch(ProteusDriver.class::isInstance);
        assertThat(DriverManager.getDriver("jdbc:proteus://localhost:8815")).isInstanceOf(ProteusDriver.class);
    }

    @Test
    void acceptsOnlyProteusUrls() throws Exception {
        ProteusDriver driver = new ProteusDriver();
        assertThat(driver.acceptsURL("jdbc:proteus://localhost:8815")).isTrue();
        assertThat(driver.acceptsURL("jdbc:proteus:")).isTrue();
        assertThat(driver.acceptsURL("jdbc:arrow-flight-sql://localhost:8815")).isFalse();
        assertThat(driver.acceptsURL("jdbc:trino://localhost:8080")).isFalse();
        assertThat(driver.acceptsURL("proteus://localhost:8815")).isFalse();
        assertThat(driver.connect("jdbc:postgresql://localhost/db", new Properties())).isNull();
        assertThatThrownBy(() -> driver.acceptsURL(null)).isInstanceOf(SQLException.class);
    }

    @Test
    void describesItself() {
        ProteusDriver driver = new ProteusDriver();
        assertThat(driver.getMajorVersion()).isZero();
        assertThat(driver.getMinorVersion()).isEqualTo(1);
        assertThat(driver.jdbcCompliant()).isFalse();
        assertThat(driver.getParentLogger().getName()).isEqualTo("io.proteus.jdbc");
        DriverPropertyInfo[] properties = driver.getPropertyInfo("jdbc:proteus://localhost:1", new Properties());
        assertThat(properties).extracting(property -> property.name)
                .containsExactly("user", "password", "catalog", "schema");
    }

    @Test
    void connectionFailureIsAnSqlException() {
        // Nothing listens on port 1: the Flight client connects lazily, so the first call fails.
        assertThatThrownBy(() -> {
            try (var connection = DriverManager.getConnection("jdbc:proteus://127.0.0.1:1");
                    var statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
        }).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getMessage()).startsWith("Cannot reach the Proteus coordinator: ")
                        .contains("127.0.0.1:1"));
    }

    @Test
    void javaNioIsOpenToArrow() throws Exception {
        ArrowModuleAccess.ensureOpen();
        assertThat(Object.class.getModule().isOpen("java.nio", ArrowModuleAccess.class.getModule())).isTrue();
    }
}
