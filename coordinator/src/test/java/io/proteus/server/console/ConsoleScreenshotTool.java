package io.proteus.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.TestDataDirectory;
import io.proteus.tpcds.TpcdsQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Not a test: the tool that takes the documentation's screenshot of the console after TPC-DS query 72 at SF1
 * ({@code docs/images/console-q72.png}). Runs only when asked:
 * {@code mvn -pl coordinator -am verify -Dtest=ConsoleScreenshotTool -Dsurefire.failIfNoSpecifiedTests=false
 * -Dproteus.console.screenshot=$PWD/docs/images/console-q72.png}.
 */
@EnabledIfSystemProperty(named = "proteus.console.screenshot", matches = ".+")
class ConsoleScreenshotTool {

    @Test
    void screenshotOfQuery72() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path output = Path.of(System.getProperty("proteus.console.screenshot"));
        Path dataDirectory = TestDataDirectory.path();
        String query = TpcdsQueries.query("72").strip();
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.defaults().withPorts(0, 0).withDataDirectory(dataDirectory));
                HeadlessChromium browser = HeadlessChromium.start(2000, 1500)) {
            ChromeDriver driver = browser.driver();
            driver.get(cluster.consoleUrl());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofMinutes(10));
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#editor .cm-content")));
            // The statement is set through the editor's own input handling: paste it as one text insertion.
            ((JavascriptExecutor) driver).executeScript("""
                    const content = document.querySelector('#editor .cm-content');
                    content.focus();
                    document.execCommand('selectAll');
                    document.execCommand('insertText', false, arguments[0]);
                    """, query);
            driver.findElement(By.id("run-button")).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("query-status"), "data-state", "FINISHED"));
            assertThat(driver.findElements(By.cssSelector(".results-grid tbody tr"))).hasSize(100);
            Files.createDirectories(output.getParent());
            Files.write(output, driver.getScreenshotAs(OutputType.BYTES));
        }
    }
}
