package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class EmbeddedKafkaTest {

    @Test
    void producesAndConsumesOnACreatedTopic() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            kafka.createTopic("greetings", 2);
            kafka.createTopic("greetings", 2); // exists already: left as it is
            assertThat(kafka.topics()).contains("greetings");
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");

            Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (var producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("greetings", 1, "k", "hello")).get();
            }
            assertThat(readAll(common, new TopicPartition("greetings", 1)))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value).containsExactly(tuple("k", "hello"));
        } finally {
            kafka.close();
        }
        int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
        assertThat(EmbeddedPostgresTest.accepts(port)).isFalse();
        assertThat(kafka.directory()).doesNotExist();
        kafka.close(); // a second close does nothing
    }

    @Test
    void aTakenControllerPortFailsTheStartInsteadOfHaltingTheJvm() throws Exception {
        // Kafka's own answer to this fault is Runtime.halt(): the test JVM would vanish
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedKafka.start(FreePorts.next(), taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not start");
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(Map<String, Object> config, TopicPartition partition) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }
}
