package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            // kept until deleted, however old the records' timestamps
            try (Admin admin = Admin.create(common)) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "greetings");
                Config config = admin.describeConfigs(List.of(topic)).all().get(60, TimeUnit.SECONDS).get(topic);
                assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            }
        } finally {
            kafka.close();
        }
        int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
        assertThat(EmbeddedPostgresTest.accepts(port)).isFalse();
        assertThat(kafka.directory()).doesNotExist();
        kafka.close(); // a second close does nothing
    }

    @Test
    void aBrokerAdvertisingAProxysPortIsReachedThroughTheProxyOnly(@TempDir Path home) throws Exception {
        int proxyPort = FreePorts.next();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(home, proxyPort);
             TcpProxy proxy = TcpProxy.start("broker", proxyPort, "127.0.0.1", kafka.forwardedPort())) {
            kafka.createTopic("proxied", 1);
            Map<String, Object> viaProxy = Map.of("bootstrap.servers", "127.0.0.1:" + proxyPort);
            // a client goes where the metadata says: the proxy for one that came through it, the broker itself otherwise
            assertThat(nodePorts(viaProxy)).containsExactly(proxyPort);
            assertThat(nodePorts(Map.of("bootstrap.servers", kafka.bootstrapServers())))
                    .containsExactly(Integer.parseInt(kafka.bootstrapServers().split(":")[1]));
            try (var producer = new KafkaProducer<>(viaProxy, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("proxied", "k", "through the proxy")).get();
                assertThat(proxy.cut()).isPositive(); // the producer's connection to the broker was the proxy's
                producer.send(new ProducerRecord<>("proxied", "k", "after a cut")).get();
            }
            assertThat(readAll(viaProxy, new TopicPartition("proxied", 0), 2)).extracting(ConsumerRecord::value)
                    .containsExactly("through the proxy", "after a cut");
        }
    }

    @Test
    void aTakenControllerPortFailsTheStartInsteadOfHaltingTheJvm() throws Exception {
        // Kafka's own answer to this fault is Runtime.halt(): the test JVM would vanish
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedKafka.start(FreePorts.next(), taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not start");
        }
    }

    private static List<Integer> nodePorts(Map<String, Object> config) throws Exception {
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::port).toList();
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(Map<String, Object> config, TopicPartition partition) {
        return readAll(config, partition, 1);
    }

    private static List<ConsumerRecord<String, String>> readAll(Map<String, Object> config, TopicPartition partition, int count) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); // reached only when records are missing
            while (seen.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }
}
