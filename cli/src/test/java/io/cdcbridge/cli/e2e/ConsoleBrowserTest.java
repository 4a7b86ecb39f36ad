package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.CountedPipeline;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.support.SystemChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium against a real server, Kafka and Flink: the statements page and a
 * statement's page show the figures REST answers for a statement of known counts, the contracts page its contract's
 * version, and stopping the statement from the page (confirmed) stops it. Leaves a screenshot in target/console.png.
 */
@Tag("integration")
class ConsoleBrowserTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("kafka").checkpointingEverySecond();

    static final String NAME = "console-pipeline";
    static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = SystemChromium.start(STACK.workspace());
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void pagesShowWhatRestAnswersAndAStopFromThePageStopsTheStatement() throws Exception {
        CountedPipeline.start(STACK, "c", NAME);
        JsonNode metrics = CountedPipeline.awaitCounted(STACK, NAME, m -> true);
        JsonNode statement = STACK.server().statement(NAME);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // the page renders itself again every 5 s: an element found just before may be replaced
        wait.ignoring(StaleElementReferenceException.class);

        browser.get(STACK.stack().url() + "/");
        By row = By.cssSelector("tr[data-statement='" + NAME + "']");
        // the page refreshes every 5 s: wait for the sample REST answered
        wait.until(d -> cell(row, "dlq").equals(metrics.path("dead_letters").asText())
                && cell(row, "lag").equals(metrics.path("messages_behind").asText() + " msgs"));
        assertThat(shown(wait, d -> cell(row, "phase-cell"))).isEqualTo(statement.path("status").path("phase").asText());

        browser.get(STACK.stack().url() + "/#/statement/" + NAME);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("metrics")));
        wait.until(d -> value("metrics", "rows written").equals(String.valueOf(CountedPipeline.ROWS)));
        assertThat(shown(wait, d -> value("metrics", "dead letters"))).isEqualTo(metrics.path("dead_letters").asText());
        assertThat(shown(wait, d -> d.findElement(By.id("sql")).getText())).isEqualTo(statement.path("spec").path("statement").asText().strip());
        assertThat(shown(wait, d -> d.findElement(By.cssSelector("p.source")).getText()))
                .isEqualTo("c_events (cdcbridge-kafka): 0 messages behind (partition:behind 0:0)");
        Path shot = Path.of("target", "console.png");
        Files.createDirectories(shot.getParent());
        browser.get(STACK.stack().url() + "/");
        wait.until(d -> cell(row, "dlq").equals("1"));
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

        browser.get(STACK.stack().url() + "/#/contracts");
        By contract = By.cssSelector("tr[data-contract='c_out'] td.version");
        wait.until(ExpectedConditions.presenceOfElementLocated(contract));
        assertThat(shown(wait, d -> d.findElement(contract).getText()))
                .isEqualTo(STACK.server().contract("c_out").path("versions").get(0).path("version").asText());

        browser.get(STACK.stack().url() + "/#/");
        By stop = By.cssSelector("tr[data-statement='" + NAME + "'] button[data-action='stop']");
        wait.until(d -> {
            d.findElement(stop).click();
            return true;
        });
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(
                () -> STACK.server().statement(NAME).path("status").path("phase").asText(), "STOPPED"::equals);
        wait.until(d -> cell(row, "phase-cell").equals("STOPPED"));
    }

    // text the page shows once it can be read (the page may replace it while it is read)
    private static String shown(WebDriverWait wait, java.util.function.Function<WebDriver, String> text) {
        return wait.until(text);
    }

    private static String cell(By row, String cls) {
        return browser.findElements(row).stream().findFirst()
                .map(r -> r.findElement(By.cssSelector("td." + cls)).getText()).orElse("");
    }

    // the value beside {@code key} in the key-value table {@code table}
    private static String value(String table, String key) {
        return browser.findElement(By.xpath("//table[@id='" + table + "']//tr[th='" + key + "']/td")).getText();
    }
}
