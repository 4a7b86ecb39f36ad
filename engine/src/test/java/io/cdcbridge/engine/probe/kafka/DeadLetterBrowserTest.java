package io.cdcbridge.engine.probe.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which topic a table's dead letters go to, and previews that are safe to show. */
class DeadLetterBrowserTest {

    @Test
    void aKafkaSourcesTopicIsItsOwnWithDlqAndAJdbcSinksOnlyWhenGiven() {
        DeadLetterBrowser.Topic kafka = DeadLetterBrowser.topicOf(Map.of("connector", "cdcbridge-kafka", "topic", "users_cdc",
                "properties.bootstrap.servers", "b:9092", "properties.group.id", "g")).orElseThrow();
        assertThat(kafka.name()).isEqualTo("users_cdc_dlq");
        assertThat(kafka.client()).containsEntry("bootstrap.servers", "b:9092").doesNotContainKey("group.id");
        assertThat(DeadLetterBrowser.topicOf(Map.of("connector", "cdcbridge-jdbc", "url", "jdbc:postgresql://h/db"))).isEmpty();
        DeadLetterBrowser.Topic jdbc = DeadLetterBrowser.topicOf(Map.of("connector", "cdcbridge-jdbc", "dlq.topic", "refused",
                "dlq.properties.bootstrap.servers", "c:9092")).orElseThrow();
        assertThat(jdbc.name()).isEqualTo("refused");
        assertThat(jdbc.client()).containsEntry("bootstrap.servers", "c:9092");
    }

    @Test
    void previewsMaskSecretsShowBytesAsBase64AndAreCut() {
        assertThat(DeadLetterBrowser.preview("{\"user\":\"ann\",\"password\":\"hunter22\"}".getBytes(StandardCharsets.UTF_8)).text())
                .isEqualTo("{\"user\":\"ann\",\"password\":\"******\"}");
        DeadLetterBrowser.Preview latin1 = DeadLetterBrowser.preview(new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThat(latin1.base64()).isTrue();
        assertThat(latin1.text()).isEqualTo("Y2Fm6Q==");
        String cut = DeadLetterBrowser.preview("x".repeat(600).getBytes(StandardCharsets.UTF_8)).text();
        assertThat(cut).hasSize(DeadLetterBrowser.PREVIEW + 1).endsWith("…");
    }
}
