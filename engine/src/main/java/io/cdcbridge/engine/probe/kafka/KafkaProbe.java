package io.cdcbridge.engine.probe.kafka;

import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.engine.probe.ConnectorProbe;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

/**
 * Tables on Kafka topics ({@code kafka}, {@code upsert-kafka}, {@code cdcbridge-kafka}, {@code debezium-kafka}: they
 * share option names): checks that the brokers answer before a job starts (a producer would otherwise block for a minute),
 * gives each statement a consumer group of its own (the Kafka source commits its offsets there at every checkpoint),
 * and reads those offsets and how far behind they are.
 */
public final class KafkaProbe implements ConnectorProbe {

    private static final String GROUP = "properties.group.id";
    private static final int TIMEOUT_MS = 5000;
    /** Longer than one request: a broker on a machine under load can take more than 5 s to answer its first. */
    private static final int REACH_TIMEOUT_MS = 15000;

    @Override
    public void preflight(String table, Map<String, String> o, boolean source) throws EngineException {
        for (String key : List.of("topic", DeadLetterOptions.TOPIC.key())) {
            if (o.get(key) == null) continue;
            for (String topic : o.get(key).split(";")) {
                try {
                    Topic.validate(topic.strip());
                } catch (InvalidTopicException e) {
                    throw new EngineException("table '" + table + "' (" + o.get("connector") + "): '" + key + "' = '" + topic
                            + "' is not a topic name Kafka accepts: " + e.getMessage(), e);
                }
            }
        }
        String servers = o.get("properties.bootstrap.servers");
        try (Admin admin = admin(o)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(REACH_TIMEOUT_MS)).nodes()
                    .get(REACH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new EngineException("table '" + table + "' (" + o.get("connector") + "): cannot reach Kafka at "
                    + servers + " within " + REACH_TIMEOUT_MS / 1000 + " s (check 'properties.bootstrap.servers')", e);
        }
    }

    /**
     * A source's topic that does not exist yet is created with the broker's defaults, as the first record a producer
     * sends would create it: Flink's Kafka source fails on a missing topic, and a pipeline is often started before
     * anything is published (a topic pattern or a list of topics is left as it is).
     */
    @Override
    public void prepareSource(String table, Map<String, String> o) throws EngineException {
        prepareStorage(table, o, OptionalInt.empty(), true);
    }

    /**
     * Creates the topic a new table writes to unless it exists: with {@code partitions} when given, else the broker's
     * default. With {@code create} false only checks; an existing topic with another partition count is refused,
     * since records would not be partitioned as the table says.
     */
    @Override
    public void prepareStorage(String table, Map<String, String> o, OptionalInt partitions, boolean create) throws EngineException {
        String topic = o.get("topic");
        if (topic == null || topic.contains(";")) {
            if (partitions.isEmpty()) return;
            throw new EngineException("table '" + table + "': DISTRIBUTED INTO n BUCKETS needs one 'topic'");
        }
        try (Admin admin = admin(o)) {
            if (checkExisting(admin, table, topic, partitions) || !create) return;
            NewTopic t = new NewTopic(topic, partitions.isPresent() ? Optional.of(partitions.getAsInt()) : Optional.empty(), Optional.empty());
            try {
                admin.createTopics(List.of(t)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // another writer (a sink's first record, another statement) created it since we looked
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
                checkExisting(admin, table, topic, partitions);
            }
        } catch (EngineException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while creating topic '" + topic + "'", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new EngineException("table '" + table + "': cannot create topic '" + topic + "' on Kafka at "
                    + o.get("properties.bootstrap.servers") + ": " + cause.getMessage(), e);
        }
    }

    @Override
    public void dropStorage(String table, Map<String, String> o) throws EngineException {
        String topic = o.get("topic");
        try (Admin admin = admin(o)) {
            admin.deleteTopics(List.of(topic)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while deleting topic '" + topic + "'", e);
        } catch (Exception e) {
            if (e instanceof ExecutionException && e.getCause() instanceof UnknownTopicOrPartitionException) return;
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new EngineException("table '" + table + "': cannot delete topic '" + topic + "' on Kafka at "
                    + o.get("properties.bootstrap.servers") + ": " + cause.getMessage(), e);
        }
    }

    // Whether the topic exists; one with another partition count than DISTRIBUTED INTO n BUCKETS says is refused.
    private static boolean checkExisting(Admin admin, String table, String topic, OptionalInt partitions) throws Exception {
        Optional<Integer> existing = partitionCount(admin, topic);
        if (existing.isPresent() && partitions.isPresent() && existing.get() != partitions.getAsInt()) {
            throw new EngineException("table '" + table + "': topic '" + topic + "' exists with " + existing.get()
                    + " partitions, not the " + partitions.getAsInt() + " of DISTRIBUTED INTO " + partitions.getAsInt()
                    + " BUCKETS; write INTO " + existing.get() + " BUCKETS, or delete the topic first");
        }
        return existing.isPresent();
    }

    private static Optional<Integer> partitionCount(Admin admin, String topic) throws Exception {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
            return Optional.of(d.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return Optional.empty();
            throw e;
        }
    }

    /**
     * The group is {@code <the table's group id, or 'cdcbridge'>.<statement>}: two statements reading one table (v1
     * and v2 of an evolution) keep apart which offsets each acknowledged.
     */
    @Override
    public Map<String, String> statementOptions(String statement, Map<String, String> o) {
        return Map.of(GROUP, o.getOrDefault(GROUP, "cdcbridge") + "." + statement);
    }

    /** The offsets of the topic's splits kept in the savepoint; the group's where the savepoint cannot be read. */
    @Override
    public List<SourceOffset> savepointOffsets(String table, Map<String, String> o, String savepoint) {
        String topic = o.get("topic");
        Map<String, Map<Integer, Long>> splits;
        try {
            splits = SavepointSplits.read(savepoint);
        } catch (IOException | RuntimeException e) {
            return offsets(table, o);
        }
        if (topic == null || !splits.containsKey(topic)) return offsets(table, o);
        return List.of(new SourceOffset(table, o.get("connector"),
                new SourcePosition.KafkaOffsets(topic, new TreeMap<>(splits.get(topic)))));
    }

    @Override
    public List<SourceOffset> offsets(String table, Map<String, String> o) {
        String topic = o.get("topic");
        if (o.get(GROUP) == null || topic == null) return List.of();
        try (Admin admin = admin(o)) {
            TreeMap<Integer, Long> partitions = new TreeMap<>();
            committed(admin, o.get(GROUP), topic).forEach((tp, offset) -> partitions.put(tp.partition(), offset));
            return List.of(new SourceOffset(table, o.get("connector"), new SourcePosition.KafkaOffsets(topic, partitions)));
        } catch (Exception e) {
            return List.of(new SourceOffset(table, o.get("connector"),
                    new SourcePosition.Unknown("topic " + topic + ": " + e.getMessage())));
        }
    }

    /**
     * Messages behind per partition of the topic: end offset minus the statement's committed offset (the earliest
     * offset where it has committed none). A source that cannot be asked is unknown, saying why.
     */
    @Override
    public Optional<SourceLag> lag(String table, Map<String, String> o) {
        String topic = o.get("topic");
        if (o.get(GROUP) == null || topic == null) return Optional.empty();
        try (Admin admin = admin(o)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = listOffsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> start = listOffsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> done = committed(admin, o.get(GROUP), topic);
            Map<Integer, Long> behind = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                behind.put(tp.partition(), Math.max(0, end.get(tp) - done.getOrDefault(tp, start.get(tp))));
            }
            return Optional.of(SourceLag.kafka(table, o.get("connector"), behind));
        } catch (Exception e) {
            return Optional.of(SourceLag.unknown(table, o.get("connector"), "topic " + topic + ": " + e.getMessage()));
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return all.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Map<TopicPartition, Long> listOffsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return r.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Admin admin(Map<String, String> o) {
        Properties p = new Properties();
        o.forEach((k, v) -> {
            if (k.startsWith("properties.")) p.setProperty(k.substring("properties.".length()), v);
        });
        p.remove("group.id");
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        return Admin.create(p);
    }
}
