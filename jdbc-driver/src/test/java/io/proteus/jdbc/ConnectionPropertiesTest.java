package io.proteus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPropertiesTest {

    @Test
    void parsesHostPortCatalogSchemaAndSessionProperties() throws Exception {
        Properties info = new Properties();
        info.setProperty("user", "bob");
        info.setProperty("Priority", "HIGH");
        ConnectionProperties properties = ConnectionProperties.parse(
                "jdbc:proteus://coordinator.example:8815/proteus/tpcds?strategy=dynamic&objective=cost", info);
        assertThat(properties.host()).isEqualTo("coordinator.example");
        assertThat(properties.port()).isEqualTo(8815);
        assertThat(properties.catalog()).contains("proteus");
        assertThat(properties.schema()).contains("tpcds");
        assertThat(properties.user()).contains("bob");
        assertThat(properties.password()).isEmpty();
        assertThat(properties.sessionProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("strategy", "dynamic", "objective", "cost", "priority", "HIGH"));
    }

    @Test
    void propertiesWinOverTheQueryWhichWinsOverThePath() throws Exception {
        Properties info = new Properties();
        info.setProperty("schema", "fromProperties");
        ConnectionProperties properties = ConnectionProperties.parse(
                "jdbc:proteus://localhost:1234/pathCatalog/pathSchema?catalog=queryCatalog", info);
        assertThat(properties.catalog()).contains("queryCatalog");
        assertThat(properties.schema()).contains("fromProperties");
    }

    @Test
    void acceptsMinimalUrlsAndDecodesValues() throws Exception {
        ConnectionProperties properties = ConnectionProperties.parse("jdbc:proteus://[::1]:47470/", null);
        assertThat(properties.host()).isEqualTo("::1");
        assertThat(properties.catalog()).isEmpty();
        assertThat(properties.sessionProperties()).isEmpty();
        properties = ConnectionProperties.parse(
                "jdbc:proteus://localhost:1/my%20catalog?password=a%26b%3Dc+d&user=u", new Properties());
        assertThat(properties.catalog()).isEqualTo(Optional.of("my catalog"));
        assertThat(properties.password()).contains("a&b=c+d");
        assertThat(properties.toString()).doesNotContain("a&b=c+d");
    }

    @Test
    void transportSecurityPropertiesAreConnectionPropertiesNotSessionProperties(@TempDir Path directory) throws Exception {
        Path certificate = Files.writeString(directory.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ConnectionProperties properties = ConnectionProperties.parse(
                "jdbc:proteus://localhost:1/?SSL=true&sslRootCert=" + certificate + "&strategy=dynamic", null);
        assertThat(properties.transportSecurity())
                .isEqualTo(new ConnectionProperties.TransportSecurity(true, Optional.of(certificate), true));
        assertThat(properties.sessionProperties()).containsOnlyKeys("strategy");
        assertThat(properties.toString()).contains("enabled=true");

        Properties info = new Properties();
        info.setProperty("ssl", "true");
        info.setProperty("sslVerification", "NONE");
        assertThat(ConnectionProperties.parse("jdbc:proteus://localhost:1", info).transportSecurity())
                .isEqualTo(new ConnectionProperties.TransportSecurity(true, Optional.empty(), false));
        assertThat(ConnectionProperties.parse("jdbc:proteus://localhost:1", null).transportSecurity())
                .isEqualTo(ConnectionProperties.TransportSecurity.NONE);
    }

    @Test
    void rejectsInvalidTransportSecurity(@TempDir Path directory) {
        assertThatThrownBy(() -> ConnectionProperties.parse("jdbc:proteus://localhost:1/?ssl=yes", null))
                .isInstanceOf(SQLException.class).hasMessageContaining("ssl must be true or false, not 'yes'");
        assertThatThrownBy(() -> ConnectionProperties.parse("jdbc:proteus://localhost:1/?ssl=true&sslVerification=ca", null))
                .isInstanceOf(SQLException.class).hasMessageContaining("sslVerification must be full or none");
        assertThatThrownBy(() -> ConnectionProperties.parse("jdbc:proteus://localhost:1/?sslVerification=none", null))
                .isInstanceOf(SQLException.class).hasMessageContaining("need ssl=true");
        Path missing = directory.resolve("missing.pem");
        assertThatThrownBy(() -> ConnectionProperties.parse("jdbc:proteus://localhost:1/?ssl=true&sslRootCert=" + missing, null))
                .isInstanceOf(SQLException.class).hasMessageContaining("cannot be read").hasMessageContaining("missing.pem");
    }

    @Test
    void rejectsInvalidUrls() {
        for (String url : new String[] {
            "jdbc:proteus:",
            "jdbc:proteus://localhost",
            "jdbc:proteus://localhost:0",
            "jdbc:proteus://:8815",
            "jdbc:proteus://localhost:8815/a/b/c",
            "jdbc:proteus://localhost:8815//schema",
            "jdbc:proteus://user:pw@localhost:8815",
            "jdbc:proteus://localhost:8815?novalue",
            "jdbc:proteus://localhost:8815?bad%name=1",
            "jdbc:proteus://localhost:8815?a=1&a=2",
            "jdbc:proteus://localhost:8815?password=secret",
            "jdbc:proteus://localhost:8815?strategy=d%C3%A9j%C3%A0",
            "jdbc:other://localhost:8815",
        }) {
            assertThatThrownBy(() -> ConnectionProperties.parse(url, new Properties())).as(url)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"));
        }
    }
}
