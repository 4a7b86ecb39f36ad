package io.cdcbridge.connectors.kafka;

import io.cdcbridge.connectors.options.OptionSet;
import io.cdcbridge.connectors.options.DeclaredOptions;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_BOUNDED_MODE;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_BOUNDED_SPECIFIC_OFFSETS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_BOUNDED_TIMESTAMP_MILLIS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_STARTUP_MODE;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_STARTUP_SPECIFIC_OFFSETS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_TOPIC_PARTITION_DISCOVERY;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.TOPIC;

import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.connectors.deadletter.DeadLetterTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code 'connector' = 'cdcbridge-kafka'}: reads a Kafka topic as the stock {@code kafka} connector does (same
 * option names), but a record its format cannot decode goes to a dead-letter topic ({@code <topic>_dlq} unless
 * {@code 'dlq.topic'} says otherwise) with the reason and its origin in headers, and the job goes on.
 */
public final class KafkaDlqTableFactory implements DynamicTableSourceFactory, DeclaredOptions {

    /** The connector's name in a table's options. */
    public static final String IDENTIFIER = "cdcbridge-kafka";

    // consumer settings the dead-letter producer inherits: where the brokers are and how to authenticate
    private static final List<String> INHERITED = List.of("bootstrap.servers", "security.", "sasl.", "ssl.");
    private static final long DEFAULT_DISCOVERY_MS = 5 * 60 * 1000L;

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public OptionSet options() {
        return KafkaDlqOptions.ALL;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        DeclaredOptions.Checked checked = DeclaredOptions.check(this, helper, context);
        String table = context.getObjectIdentifier().asSummaryString();
        String where = checked.where();
        ReadableConfig options = checked.options();
        Map<String, String> all = context.getCatalogTable().getOptions();
        List<String> topics = options.get(TOPIC);
        all.forEach((k, v) -> {
            if (k.endsWith(".ignore-parse-errors") && v.equalsIgnoreCase("true")) {
                throw new ValidationException(where + ": '" + k + "' = 'true' would drop"
                        + " undecodable records without a trace; remove it: they go to the dead-letter topic instead");
            }
        });
        Properties consumer = consumer(all, options);
        try {
            return new KafkaDlqTableSource(table, context.getPhysicalRowDataType(), format, topics, consumer,
                    startingOffsets(options, consumer, topics), stoppingOffsets(options, consumer, topics),
                    deadLetters(options, all, topics, consumer));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(where + ": " + e.getMessage(), e);
        }
    }

    private static Properties consumer(Map<String, String> all, ReadableConfig options) {
        Properties p = new Properties();
        all.forEach((k, v) -> {
            if (k.startsWith(KafkaDlqOptions.PROPERTIES_PREFIX)) p.setProperty(k.substring(KafkaDlqOptions.PROPERTIES_PREFIX.length()), v);
        });
        long discoveryMs = options.getOptional(SCAN_TOPIC_PARTITION_DISCOVERY)
                .map(d -> d.toMillis()).orElse(DEFAULT_DISCOVERY_MS);
        p.putIfAbsent(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS.key(), String.valueOf(discoveryMs));
        return p;
    }

    private static OffsetsInitializer startingOffsets(ReadableConfig options, Properties consumer, List<String> topics) {
        return switch (options.get(SCAN_STARTUP_MODE)) {
            case EARLIEST_OFFSET -> OffsetsInitializer.earliest();
            case LATEST_OFFSET -> OffsetsInitializer.latest();
            case GROUP_OFFSETS -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.valueOf(
                    consumer.getProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none").toUpperCase(Locale.ROOT)));
            case TIMESTAMP -> OffsetsInitializer.timestamp(options.get(SCAN_STARTUP_TIMESTAMP_MILLIS));
            case SPECIFIC_OFFSETS -> OffsetsInitializer.offsets(specificOffsets(SCAN_STARTUP_SPECIFIC_OFFSETS, options, topics));
        };
    }

    // where a bounded read ends (a verification's recompute reads a topic up to its end); null: it never ends
    private static OffsetsInitializer stoppingOffsets(ReadableConfig options, Properties consumer, List<String> topics) {
        return switch (options.get(SCAN_BOUNDED_MODE)) {
            case UNBOUNDED -> null;
            case LATEST_OFFSET -> OffsetsInitializer.latest();
            case GROUP_OFFSETS -> OffsetsInitializer.committedOffsets();
            case TIMESTAMP -> OffsetsInitializer.timestamp(options.get(SCAN_BOUNDED_TIMESTAMP_MILLIS));
            case SPECIFIC_OFFSETS -> OffsetsInitializer.offsets(specificOffsets(SCAN_BOUNDED_SPECIFIC_OFFSETS, options, topics));
        };
    }

    // 'partition:0,offset:42;partition:1,offset:300', as the kafka connector takes it, for a table of one topic
    private static Map<TopicPartition, Long> specificOffsets(ConfigOption<String> option, ReadableConfig options, List<String> topics) {
        String spec = options.get(option);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (String pair : spec.split(";")) {
            String[] parts = pair.trim().split(",");
            if (parts.length != 2 || !parts[0].trim().startsWith("partition:") || !parts[1].trim().startsWith("offset:")) {
                throw new IllegalArgumentException("'" + option.key() + "': expected"
                        + " 'partition:0,offset:42;partition:1,offset:300', got '" + pair + "'");
            }
            try {
                offsets.put(new TopicPartition(topics.get(0), Integer.parseInt(parts[0].trim().substring(10))),
                        Long.parseLong(parts[1].trim().substring(7)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + option.key() + "': '" + pair
                        + "' has a partition or offset that is not a number");
            }
        }
        return offsets;
    }

    private static DeadLetterTarget deadLetters(ReadableConfig options, Map<String, String> all, List<String> topics,
                                                Properties consumer) {
        String topic = options.getOptional(DeadLetterOptions.TOPIC).orElseGet(() -> KafkaDlqOptions.defaultDeadLetterTopic(topics.get(0)));
        Properties producer = new Properties();
        consumer.stringPropertyNames().stream()
                .filter(k -> INHERITED.stream().anyMatch(k::startsWith))
                .forEach(k -> producer.setProperty(k, consumer.getProperty(k)));
        producer.putAll(DeadLetterOptions.producerProperties(all));
        return new DeadLetterTarget(topic, producer);
    }
}
