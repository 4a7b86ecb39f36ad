package io.cdcbridge.connectors.kafkaclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProducerDefaultsTest {

    @Test
    void fillsWhatTheUserLeftOutAndKeepsWhatTheUserSaid() {
        Properties user = new Properties();
        user.put("linger.ms", "0");
        user.put("bootstrap.servers", "b:9092");
        Properties p = ProducerDefaults.apply(user);
        assertThat(p).containsEntry("linger.ms", "0").containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("acks", "all").containsEntry("enable.idempotence", "true").containsEntry("batch.size", "524288");
    }
}
