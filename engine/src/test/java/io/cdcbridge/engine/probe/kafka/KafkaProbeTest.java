package io.cdcbridge.engine.probe.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.embedded.EmbeddedKafka;
import io.cdcbridge.embedded.junit.KafkaExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topics a statement's Kafka tables need, prepared on a real broker. */
@Tag("integration")
@ExtendWith(KafkaExtension.class)
class KafkaProbeTest {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void sharedKafka(EmbeddedKafka shared) {
        kafka = shared;
    }

    // Seen in the chaos bench: a statement reading a topic another statement of the same script writes failed to start
    // with "Topic already exists" when the writer's first record created it between our look and our create.
    @Test
    void aSourceTopicCreatedByAnotherWriterMeanwhileIsTakenAsItIs() throws Exception {
        Map<String, String> options = Map.of("connector", "kafka", "topic", "probe_race", "properties.bootstrap.servers",
                kafka.bootstrapServers());
        int writers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    new KafkaProbe().prepareSource("t", options);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) f.get(); // throws what a start would have failed with
        } finally {
            pool.shutdownNow();
        }
        assertThat(kafka.topics()).contains("probe_race");
        new KafkaProbe().prepareStorage("t", options, OptionalInt.empty(), true);
    }
}
