package io.cdcbridge.engine.probe.kafka;

import io.cdcbridge.connectors.debezium.DebeziumKafkaTableFactory;
import io.cdcbridge.connectors.kafka.KafkaDlqTableFactory;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.probe.ConnectorProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code kafka}, {@code upsert-kafka}, {@code cdcbridge-kafka} and {@code debezium-kafka} tables (they share option names): checks
 * that the brokers answer before a job starts (a producer would otherwise block for a minute), and reads a source's
 * committed consumer-group offsets.
 */
public final class KafkaProbe implements ConnectorProbe {

    private static final int TIMEOUT_MS = 5000;

    @Override
    public boolean supports(String connector) {
        return "kafka".equals(connector) || "upsert-kafka".equals(connector)
                || KafkaDlqTableFactory.IDENTIFIER.equals(connector) || DebeziumKafkaTableFactory.IDENTIFIER.equals(connector);
    }

    @Override
    public void preflight(String table, Map<String, String> o, boolean source) throws EngineException {
        String servers = o.get("properties.bootstrap.servers");
        try (Admin admin = admin(o)) {
            admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new EngineException("table '" + table + "' (" + o.get("connector") + "): cannot reach Kafka at "
                    + servers + " within " + TIMEOUT_MS / 1000 + " s (check 'properties.bootstrap.servers')", e);
        }
    }

    @Override
    public List<SourceOffset> offsets(String table, Map<String, String> o) {
        String group = o.get("properties.group.id");
        String topic = o.get("topic");
        if (group == null || topic == null) return List.of();
        List<SourceOffset> out = new ArrayList<>();
        try (Admin admin = admin(o)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            committed.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.partition(), b.partition())))
                    .forEach(e -> out.add(new SourceOffset(table, o.get("connector"), Map.of(
                            "topic", topic,
                            "partition", String.valueOf(e.getKey().partition()),
                            "offset", String.valueOf(e.getValue().offset())))));
        } catch (Exception e) {
            out.add(new SourceOffset(table, o.get("connector"), Map.of("topic", topic, "error", String.valueOf(e.getMessage()))));
        }
        return out;
    }

    private static Admin admin(Map<String, String> o) {
        Properties p = new Properties();
        o.forEach((k, v) -> {
            if (k.startsWith("properties.")) p.setProperty(k.substring("properties.".length()), v);
        });
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        return Admin.create(p);
    }
}
