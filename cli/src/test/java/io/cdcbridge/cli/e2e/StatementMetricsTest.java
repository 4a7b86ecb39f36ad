package io.cdcbridge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.cli.support.CommandRun;
import io.cdcbridge.cli.support.CountedPipeline;
import io.cdcbridge.cli.support.StackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A statement's lag, rows written and dead letters on real Kafka and Flink, from a known number of events (five good,
 * one malformed): REST's figures are those counts, and `statements list`, describe and /metrics show the same sample.
 */
@Tag("integration")
class StatementMetricsTest {

    @RegisterExtension
    static final StackExtension STACK = new StackExtension("kafka").checkpointingEverySecond();

    static final String NAME = "metrics-pipeline";

    @Test
    void lagRowsAndDeadLettersAreTheKnownCountsInRestAndTheCli() throws Exception {
        CountedPipeline.start(STACK, "m", NAME);

        JsonNode latest = CountedPipeline.awaitCounted(STACK, NAME, m -> m.has("rows_per_second"));
        assertThat(latest.path("phase").asText()).isEqualTo("RUNNING");
        JsonNode source = latest.path("sources").get(0);
        assertThat(source.path("table").asText()).isEqualTo("m_events");
        assertThat(source.path("partitions_behind").toString()).isEqualTo("{\"0\":0}");
        assertThat(latest.path("restarts").asLong()).isZero();
        assertThat(latest.path("checkpoints").asLong()).isPositive();

        // one sample: the list's row says what REST says until the next is taken
        JsonNode listed = null;
        CommandRun list = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            listed = STACK.server().metrics(NAME).path("latest");
            list = CommandRun.of("statements", "list", "--server", STACK.stack().url());
            if (listed.path("at").equals(STACK.server().metrics(NAME).path("latest").path("at"))) break;
        }
        assertThat(listed.path("rows_per_second").isNumber()).as("a rate once two samples of the job exist").isTrue();
        assertThat(list.code()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "PHASE", "LAG", "ROWS/S", "DLQ", "AGE");
        String row = list.out().lines().filter(l -> l.startsWith(NAME + " ")).findFirst().orElseThrow();
        String[] cells = row.trim().split("\\s+");
        assertThat(cells[0]).isEqualTo(NAME);
        assertThat(cells[1]).isEqualTo("RUNNING");
        assertThat(cells[2] + " " + cells[3]).isEqualTo("0 msgs");
        assertThat(cells[4]).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", listed.path("rows_per_second").asDouble()));
        assertThat(cells[5]).isEqualTo("1");

        // Prometheus reads the same sample
        HttpResponse<String> scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(STACK.stack().url() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(scraped.body().lines()).contains(
                "cdcbridge_statement_phase{phase=\"RUNNING\",statement=\"metrics-pipeline\"} 1.0",
                "cdcbridge_statement_messages_behind{statement=\"metrics-pipeline\"} 0.0",
                "cdcbridge_source_messages_behind{partition=\"0\",statement=\"metrics-pipeline\",table=\"m_events\"} 0.0",
                "cdcbridge_statement_rows_written_total{statement=\"metrics-pipeline\"} 5.0",
                "cdcbridge_statement_dead_letters_total{statement=\"metrics-pipeline\"} 1.0",
                "cdcbridge_statement_restarts_total{statement=\"metrics-pipeline\"} 0.0");

        CommandRun describe = CommandRun.of("statements", "describe", NAME, "--server", STACK.stack().url());
        assertThat(describe.out()).contains("    m_events (cdcbridge-kafka): 0 messages behind (partition:behind 0:0)")
                .contains("  rows written:   5 (").contains("  dead letters:   1");
    }
}
