package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.CountedPipeline;
import io.cdcbridge.cli.support.PostgresTables;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.cli.support.SystemChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.time.Duration;
import java.util.Map;
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
 * The web console in a real headless Chromium against a real server, PostgreSQL, Kafka and Flink: the statements page
 * and a statement's page show the figures REST answers for a statement of known counts, and these agree with
 * {@code statements list --json} and {@code /metrics}; its dead letter is browsed with its reason, origin and payload;
 * the contracts page shows its contract's version; a PostgreSQL copy is verified from its page (a row deleted from
 * the target by hand reported missing, its script run with {@code run --wait-snapshot}); a failed statement's recent
 * errors; stopping the statement from the page (confirmed) stops it, and its evolution's plan and progress. Leaves
 * screenshots in target/console.png (statements) and target/console-statement.png (the verified statement's page).
 */
@Tag("integration")
class ConsoleBrowserTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("postgres,kafka").checkpointingEverySecond();

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
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(2)); // reached only when the page is wrong
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
        // its dead letter, browsed: reason, where its record came from, the payload as it was
        JsonNode letters = STACK.server().deadLetters(NAME, 0, 10);
        JsonNode letter = letters.path("letters").get(0);
        assertThat(letters.path("total").asLong()).isEqualTo(CountedPipeline.DEAD_LETTERS);
        assertThat(letter.path("origin").asText()).isEqualTo("c_events-0 offset 5");
        assertThat(letter.path("value").asText()).isEqualTo("{\"op\":\"x\",\"after\":{\"id\":9}}");
        By letterRow = By.cssSelector("#letters tr[data-offset='" + letter.path("offset").asLong() + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(letterRow));
        assertThat(shown(wait, d -> d.findElement(letterRow).findElement(By.cssSelector("td.reason")).getText()))
                .isEqualTo(letter.path("reason").asText()).contains("op");
        assertThat(shown(wait, d -> d.findElement(letterRow).findElement(By.cssSelector("td.origin")).getText()))
                .isEqualTo("c_events-0 offset 5");
        assertThat(shown(wait, d -> d.findElement(letterRow).findElement(By.cssSelector("td.payload")).getText()))
                .isEqualTo("{\"op\":\"x\",\"after\":{\"id\":9}}");

        // lag, rows written and dead letters agree between the CLI's list, REST, /metrics and the console (the
        // counts are final: five rows, one dead letter, nothing behind)
        CommandRun list = CommandRun.of("statements", "list", "--json", "--server", STACK.stack().url());
        JsonNode listed = null;
        for (JsonNode s : Json.MAPPER.readTree(list.out()).path("statements")) {
            if (s.path("name").asText().equals(NAME)) listed = s.path("metrics");
        }
        JsonNode rest = STACK.server().metrics(NAME).path("latest");
        String scraped = new String(java.net.URI.create(STACK.stack().url() + "/metrics").toURL().openStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String figure : new String[] {"messages_behind", "rows_written", "dead_letters"}) {
            assertThat(listed.path(figure).asLong()).as("list: " + figure).isEqualTo(rest.path(figure).asLong());
        }
        assertThat(rest.path("rows_written").asLong()).isEqualTo(CountedPipeline.ROWS);
        assertThat(scraped.lines()).contains(
                "cdcbridge_statement_messages_behind{statement=\"" + NAME + "\"} " + (double) rest.path("messages_behind").asLong(),
                "cdcbridge_statement_rows_written_total{statement=\"" + NAME + "\"} " + (double) rest.path("rows_written").asLong(),
                "cdcbridge_statement_dead_letters_total{statement=\"" + NAME + "\"} " + (double) rest.path("dead_letters").asLong());
        assertThat(shown(wait, d -> value("metrics", "lag"))).isEqualTo(rest.path("messages_behind").asLong() + " msgs");
        // the lag plot of the last hour: the figure the lag is told in, now as REST's latest sample
        assertThat(shown(wait, d -> d.findElement(By.cssSelector("#lag-plot figcaption")).getText()))
                .startsWith("messages behind: now " + rest.path("messages_behind").asLong() + " msgs, at most ");
        wait.until(d -> !d.findElements(By.cssSelector("#lag-plot svg.plot polyline")).isEmpty());
        assertThat(shown(wait, d -> value("metrics", "rows written"))).isEqualTo(rest.path("rows_written").asText());
        assertThat(shown(wait, d -> value("metrics", "dead letters"))).isEqualTo(rest.path("dead_letters").asText());

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

        verifiedFromItsPage(wait);
        recentErrorsOnItsPage(wait);

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

        evolutionOnItsPage(wait);
    }

    // The stopped statement evolved by carry-over (a stateless v2 from its offsets) by the CLI: its page shows the
    // evolution's plan and progress as REST has them.
    private void evolutionOnItsPage(WebDriverWait wait) throws Exception {
        Path v2 = Files.writeString(STACK.workspace().resolve("console-v2.sql"), """
                SET 'client.statement-name' = 'console-pipeline-v2';
                INSERT INTO c_out SELECT `after`.id, UPPER(`after`.name) FROM c_events;
                """);
        CommandRun evolved = CommandRun.of("evolve", NAME, "--to", v2.toString(), "--strategy", "carry-over", "--server", STACK.stack().url());
        assertThat(evolved.code()).as(evolved.out() + evolved.err()).isZero();
        JsonNode evolution = STACK.server().evolution(NAME);
        assertThat(evolution.path("state").asText()).isEqualTo("SUCCEEDED");

        browser.get(STACK.stack().url() + "/#/statement/" + NAME);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("evolution")));
        assertThat(shown(wait, d -> value("evolution-summary", "evolution"))).isEqualTo(NAME + " to console-pipeline-v2 by carry-over");
        assertThat(shown(wait, d -> value("evolution-summary", "state"))).isEqualTo("SUCCEEDED");
        assertThat(shown(wait, d -> items("evolution-steps"))).isEqualTo(texts(evolution.path("plan").path("steps")));
        assertThat(shown(wait, d -> items("evolution-progress"))).isEqualTo(texts(evolution.path("progress")));
    }

    // A statement whose job fails (restarts off): its page lists the error with its time, as REST has it.
    private void recentErrorsOnItsPage(WebDriverWait wait) {
        STACK.server().runScript(new ScriptRequest("failing.sql", """
                CREATE TABLE words (w STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '1');
                CREATE TABLE numbers (n INT) WITH ('connector' = 'blackhole');
                SET 'restart-strategy.type' = 'none';
                SET 'client.statement-name' = 'failing';
                INSERT INTO numbers SELECT CAST(CONCAT('not a number ', w) AS INT) FROM words;
                """, Map.of(), false, 0));
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(
                () -> STACK.server().statement("failing").path("status").path("phase").asText(), "FAILED"::equals);
        JsonNode errors = STACK.server().statement("failing").path("status").path("recent_errors");
        JsonNode newest = errors.get(errors.size() - 1);
        assertThat(newest.path("message").asText()).isEqualTo(STACK.server().statement("failing").path("status").path("detail").asText());

        browser.get(STACK.stack().url() + "/#/statement/failing");
        By first = By.cssSelector("#recent-errors tbody tr");
        wait.until(ExpectedConditions.presenceOfElementLocated(first));
        assertThat(shown(wait, d -> String.valueOf(d.findElements(first).size()))).isEqualTo(String.valueOf(errors.size()));
        assertThat(shown(wait, d -> d.findElement(first).findElement(By.cssSelector("td.at")).getText())).isEqualTo(newest.path("at").asText());
        assertThat(shown(wait, d -> d.findElement(first).findElement(By.cssSelector("td.phase-cell")).getText())).isEqualTo("FAILED");
        assertThat(shown(wait, d -> d.findElement(first).findElement(By.cssSelector("td.message")).getText()))
                .isEqualTo(newest.path("message").asText()).contains("not a number");
    }

    // the items of list {@code id}, one a line
    private static String items(String id) {
        return browser.findElements(By.cssSelector("#" + id + " li")).stream().map(e -> e.getText()).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String texts(JsonNode array) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        array.forEach(n -> lines.add(n.asText()));
        return String.join("\n", lines);
    }

    // A PostgreSQL table copied by a statement, one row deleted from the copy by hand: the page's verify reports it.
    private void verifiedFromItsPage(WebDriverWait wait) throws Exception {
        STACK.services().postgres().execute("CREATE TABLE shop (id int PRIMARY KEY, name text)", "ALTER TABLE shop REPLICA IDENTITY FULL",
                "INSERT INTO shop VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        Path copy = Files.writeString(STACK.workspace().resolve("copy.sql"), "CREATE TABLE shop_source (id INT NOT NULL, name STRING,"
                + " PRIMARY KEY (id) NOT ENFORCED) " + PostgresTables.cdc("shop", "shop_copy") + ";\n" + """
                CREATE TABLE shop_copy (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)
                WITH ('connector' = 'cdcbridge-jdbc', 'url' = 'jdbc:postgresql://${POSTGRES_HOST}:${POSTGRES_PORT}/${POSTGRES_DATABASE}',
                      'table-name' = 'shop_copy', 'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}', 'auto-create' = 'true');
                SET 'client.statement-name' = 'shop-copy';
                INSERT INTO shop_copy SELECT id, name FROM shop_source;
                """);
        // run waits for the snapshot too, its progress in plain lines (the output is no terminal)
        CommandRun run = CommandRun.of("run", copy.toString(), "--wait-snapshot", "--server", STACK.stack().url());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("snapshot of 'shop-copy': ")).reduce((a, b) -> b).orElse(""))
                .isEqualTo("snapshot of 'shop-copy': 3 rows of ~3 (100%), 1 of 1 splits, done");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> copied() == 3);
        // cdcbridge-jdbc's rows by how it wrote them, in REST, /metrics and the page: three upserts, no delete, no retry
        JsonNode sink = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> STACK.server().metrics("shop-copy").path("latest"), m -> m.path("upserts").asLong(-1) == 3);
        assertThat(sink.path("deletes").asLong(-1)).isZero();
        assertThat(sink.path("retries").asLong(-1)).isZero();
        String scraped = new String(java.net.URI.create(STACK.stack().url() + "/metrics").toURL().openStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(scraped.lines()).contains("cdcbridge_statement_upserts_total{statement=\"shop-copy\"} 3.0",
                "cdcbridge_statement_deletes_total{statement=\"shop-copy\"} 0.0",
                "cdcbridge_statement_sink_retries_total{statement=\"shop-copy\"} 0.0");
        STACK.services().postgres().execute("DELETE FROM shop_copy WHERE id = 2");

        browser.get(STACK.stack().url() + "/#/statement/shop-copy");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("metrics")));
        assertThat(shown(wait, d -> value("metrics", "upserts") + " " + value("metrics", "deletes") + " " + value("metrics", "sink retries")))
                .isEqualTo("3 0 0");
        By verify = By.cssSelector("button[data-action='verify']");
        wait.until(ExpectedConditions.presenceOfElementLocated(verify));
        wait.until(d -> {
            d.findElement(verify).click();
            return true;
        });
        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(120));
        slow.ignoring(StaleElementReferenceException.class);
        slow.until(d -> !d.findElements(By.id("verify-summary")).isEmpty());
        assertThat(shown(wait, d -> value("verify-summary", "result"))).isEqualTo("different");
        assertThat(shown(wait, d -> value("verify-summary", "source rows"))).isEqualTo("3");
        assertThat(shown(wait, d -> value("verify-summary", "target rows"))).isEqualTo("2");
        assertThat(shown(wait, d -> value("verify-summary", "missing"))).isEqualTo("1");
        assertThat(shown(wait, d -> value("verify-summary", "extra"))).isEqualTo("0");
        assertThat(shown(wait, d -> value("verify-summary", "different"))).isEqualTo("0");
        assertThat(shown(wait, d -> d.findElement(By.id("verify-text")).getText())).contains("DIFFERENT: 1 missing, 0 extra, 0 different");
        // the whole statement page, for the README
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2200));
        Files.write(Path.of("target", "console-statement.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static long copied() {
        try (java.sql.Connection c = STACK.services().postgres().connect();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM shop_copy")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
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
