package io.proteus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

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
