package io.proteus.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.TestDataDirectory;
import io.proteus.server.query.QueryInfo;
import io.proteus.server.security.SecurityConfig;
import io.proteus.server.security.TestUsers;
import io.proteus.server.security.UserDirectory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in headless Chromium against a cluster with users: log in, run a query and check its rows, column
 * types and decision workflow graph, cancel a long query, and look at the history and the cluster page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final String LONG_QUERY = "SELECT count(*) FROM store_sales a CROSS JOIN catalog_sales b WHERE a.ss_quantity < b.cs_quantity";
    private static final String QUERY = "SELECT i_category, count(*) AS items FROM item WHERE i_category IS NOT NULL GROUP BY i_category ORDER BY i_category";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path directory;

    private LocalCluster cluster;
    private HeadlessChromium browser;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path dataDirectory = TestDataDirectory.path();
        cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory)
                .withSlotsPerWorker(2), new SecurityConfig(UserDirectory.load(TestUsers.write(directory)), Optional.empty()));
        browser = HeadlessChromium.start(1500, 1000);
        driver = browser.driver();
        wait = new WebDriverWait(driver, WAIT);
    }

    @org.junit.jupiter.api.AfterEach
    void noJavaScriptErrors() {
        assertThat(browser.javaScriptErrors()).isEmpty();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void refusesAWrongPasswordThenLogsIn() {
        driver.get(cluster.consoleUrl());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        logIn("alice", "not her password");
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Wrong user or password."));
        assertThat(driver.findElements(By.id("editor"))).isEmpty();

        logIn("alice", TestUsers.ALICE_PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.id("current-user"), "alice"));
        Cookie cookie = driver.manage().getCookieNamed("proteus_console");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        // HttpOnly: the page's scripts cannot read the session.
        assertThat((String) driver.executeScript("return document.cookie")).doesNotContain("proteus_console");
    }

    private void logIn(String user, String password) {
        WebElement userField = driver.findElement(By.id("login-user"));
        userField.clear();
        userField.sendKeys(user);
        WebElement passwordField = driver.findElement(By.id("login-password"));
        passwordField.clear();
        passwordField.sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    @Test
    @Order(2)
    void runsAQueryAndShowsRowsTypesAndTheDecisionGraph() throws Exception {
        type(QUERY, "tpcds.tiny");
        driver.findElement(By.id("run-button")).click();
        waitForState("FINISHED");

        List<String> headers = new ArrayList<>();
        driver.findElements(By.cssSelector(".results-grid thead th")).forEach(header -> headers.add(
                header.findElement(By.className("column-name")).getText() + " " + header.findElement(By.className("column-type")).getText()));
        assertThat(headers).containsExactly("i_category VARCHAR", "items BIGINT");
        List<String> shown = new ArrayList<>();
        driver.findElements(By.cssSelector(".results-grid tbody tr")).forEach(row -> shown.add(row.getText().replaceAll("\\s+", " ")));
        assertThat(shown).isEqualTo(expectedRows());

        String queryId = queryIdShown();
        QueryInfo info = cluster.queryManager().queryInfo(queryId).orElseThrow();
        assertThat(info.user()).isEqualTo("alice");
        List<WebElement> nodes = driver.findElements(By.cssSelector("#workflow svg g.graph-node"));
        assertThat(nodes).hasSize(info.workflow().nodes().size());
        assertThat(driver.findElements(By.cssSelector("#workflow svg path.edge"))).hasSize(info.workflow().edges().size());
        for (var decision : info.decisions()) {
            if (decision.nodeId().endsWith("-implicit")) {
                continue;
            }
            WebElement node = driver.findElement(By.cssSelector("#workflow g.graph-node[data-node-id='" + decision.nodeId() + "']"));
            assertThat(node.getAttribute("class")).contains("state-decided");
            assertThat(node.findElement(By.className("node-choice")).getText())
                    .isEqualTo(decision.decision().implementation() + " ×" + decision.decision().instances());
            assertThat(node.findElement(By.className("node-placement")).getText())
                    .isEqualTo(decision.decision().placement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        // The reason of each decision is listed, and clicking a node selects its entry.
        List<WebElement> entries = driver.findElements(By.cssSelector("#workflow .decision-entry"));
        assertThat(entries).hasSize(info.decisions().size());
        assertThat(entries.getFirst().findElement(By.className("decision-why")).getText())
                .isEqualTo("why: " + info.decisions().getFirst().decision().reason());
        String aggregate = info.decisions().stream().filter(decision -> decision.nodeId().startsWith("aggregate-")).findFirst()
                .orElseThrow().nodeId();
        driver.findElement(By.cssSelector("#workflow g.graph-node[data-node-id='" + aggregate + "']")).click();
        assertThat(driver.findElement(By.id("decision-" + aggregate)).getAttribute("class")).contains("selected");
        // Every stage is shown finished.
        assertThat(driver.findElements(By.cssSelector("#stages tbody tr.stage-FINISHED"))).hasSize(info.stages().size());
    }

    private List<String> expectedRows() throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", "bob");
        credentials.setProperty("password", TestUsers.BOB_PASSWORD);
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl() + "/tpcds/tiny", credentials);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(QUERY)) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getLong(2));
            }
        }
        assertThat(rows).hasSizeGreaterThan(5);
        return rows;
    }

    @Test
    @Order(3)
    void cancelsALongQuery() {
        type(LONG_QUERY, "tpcds.tiny");
        driver.findElement(By.id("run-button")).click();
        waitForState("RUNNING");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#stages tbody tr.stage-RUNNING")));
        assertThat(driver.findElement(By.id("run-button")).isEnabled()).isFalse();
        driver.findElement(By.id("cancel-button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.attributeToBe(By.id("query-status"), "data-state", "CANCELLED"));
        assertThat(driver.findElement(By.id("query-error")).getText()).contains("was cancelled");
        assertThat(driver.findElement(By.id("run-button")).isEnabled()).isTrue();
        assertThat(cluster.queryManager().queryInfo(queryIdShown()).orElseThrow().state().name()).isEqualTo("CANCELLED");
    }

    @Test
    @Order(4)
    void historyListsTheQueriesOfTheUser() {
        driver.findElement(By.id("nav-history")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history-table tbody tr")));
        List<String> states = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector("#history-table tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            users.add(cells.get(1).getText());
            states.add(cells.get(2).getText());
        }
        assertThat(states).contains("FINISHED", "CANCELLED");
        // bob's JDBC query is not alice's to see.
        assertThat(users).containsOnly("alice");
        // A click opens the query again, with its rows.
        driver.findElement(By.cssSelector("#history-table tbody tr:last-child a")).click();
        waitForState("FINISHED");
        assertThat(driver.findElements(By.cssSelector(".results-grid tbody tr"))).isNotEmpty();
    }

    @Test
    @Order(5)
    void clusterPageShowsWorkersAndTheSlotChart() {
        driver.findElement(By.id("nav-cluster")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers-table tbody tr"), 2));
        assertThat(driver.findElement(By.cssSelector("#workers-table tbody tr")).getText()).contains("worker-0").contains("/2");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#slot-chart svg polygon.layer-idle")));
        assertThat(driver.findElements(By.cssSelector("#slot-chart svg polygon.layer-queries"))).hasSize(1);
        assertThat(driver.findElement(By.id("cluster-summary")).getText()).contains("4").contains("slots");
    }

    @Test
    @Order(6)
    void logOutEndsTheSession() {
        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    }

    private void type(String sql, String schema) {
        driver.findElement(By.id("nav-query")).click();
        WebElement editor = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#editor .cm-content")));
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys(sql);
        // Close the completion list, if the last word opened one.
        editor.sendKeys(Keys.ESCAPE);
        wait.until(driver -> editorText(driver).equals(sql));
        WebElement schemaField = driver.findElement(By.id("schema-input"));
        schemaField.clear();
        schemaField.sendKeys(schema);
    }

    private static String editorText(WebDriver driver) {
        return driver.findElement(By.cssSelector("#editor .cm-content")).getText();
    }

    private void waitForState(String state) {
        wait.until(ExpectedConditions.attributeToBe(By.id("query-status"), "data-state", state));
    }

    private String queryIdShown() {
        String status = driver.findElement(By.id("query-status")).getText();
        return status.split("\\s+")[1];
    }
}
