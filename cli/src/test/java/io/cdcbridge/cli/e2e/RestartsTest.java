package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.StackExtension;
import io.cdcbridge.control.server.ScriptRequest;
import io.cdcbridge.control.workspace.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs restart with a backoff that starts again after a healthy period, a restarting statement says why, and one whose
 * restarts ran out ends FAILED naming where it failed, the root cause and that restarts ran out.
 */
@Tag("integration")
class RestartsTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("");

    @Test
    void aJobFailingAgainAndAgainSaysWhyWhileItRestartsAndEndsFailedWhenRestartsRanOut() {
        runWithoutWait("runtime.sql", """
                SET 'restart-strategy.exponential-delay.initial-backoff' = '2s';
                SET 'restart-strategy.exponential-delay.attempts-before-reset-backoff' = '2';
                SET 'client.statement-name' = 'runtime-failure';
                CREATE TABLE numbers (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
                CREATE TABLE failing_sink (n INT) WITH ('connector' = 'blackhole');
                INSERT INTO failing_sink SELECT 10 / (n - n) FROM numbers;
                """);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode status = STACK.server().statement("runtime-failure").path("status");
            assertThat(status.path("phase").asText()).isEqualTo("PENDING");
            assertThat(status.path("detail").asText()).startsWith("restarting after: java.lang.ArithmeticException: / by zero (in Source: numbers[");
        });
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(STACK.server().statement("runtime-failure").path("status").path("phase").asText()).isEqualTo("FAILED"));
        assertThat(STACK.server().statement("runtime-failure").path("status").path("detail").asText())
                .startsWith("/ by zero (in Source: numbers[")
                .contains("; restarts ran out: Recovery is suppressed by ExponentialDelayRestartBackoffTimeStrategy(");
    }

    @Test
    void aJobThatRunsAWhileBetweenFailuresKeepsRestartingWithTheDefaultStrategy() throws Exception {
        // one restart allowed, counted again after 1 s of running; each run fails at n = 3, some seconds in (on a busy
        // machine possibly before its other subtask runs: without waiting, as that would undo the script). No checkpoint:
        // one taken after n = 2 (Flink's first comes at a random moment within the interval) would restore every run
        // onto the failing row, failing at once, and the strategy would rightly give up.
        runWithoutWait("healthy.sql", """
                SET 'restart-strategy.exponential-delay.initial-backoff' = '100ms';
                SET 'restart-strategy.exponential-delay.attempts-before-reset-backoff' = '1';
                SET 'restart-strategy.exponential-delay.reset-backoff-threshold' = '1s';
                SET 'execution.checkpointing.interval' = '1h';
                SET 'execution.checkpointing.min-pause' = '1h';
                SET 'client.statement-name' = 'now-and-then';
                CREATE TABLE sequence (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1',
                  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '1000');
                CREATE TABLE now_and_then_sink (n INT) WITH ('connector' = 'blackhole');
                INSERT INTO now_and_then_sink SELECT 10 / (n - 3) FROM sequence;
                """);
        String job = STACK.server().statement("now-and-then").path("status").path("job_id").asText();
        // five failures: more than one restart, and more than a strategy counting over the job's whole life allows
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(STACK.server().statement("now-and-then").path("status").path("phase").asText()).isNotEqualTo("FAILED");
            assertThat(failures(job)).isGreaterThanOrEqualTo(5);
        });
    }

    // the failures Flink recorded for the job
    private static int failures(String job) throws Exception {
        Matcher m = Pattern.compile("REST (http://[^)]+)").matcher(STACK.stack().engineDescription());
        assertThat(m.find()).isTrue();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(m.group(1) + "/jobs/" + job + "/exceptions")).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).path("exceptionHistory").path("entries").size();
    }

    // these jobs fail by design, perhaps before every task runs: a run that waits would undo their script
    private static void runWithoutWait(String file, String script) {
        STACK.server().runScript(new ScriptRequest(file, script, Map.of(), false, 0));
    }
}
