package io.cdcbridge.connectors.kafka;

import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.PROPS_BOOTSTRAP_SERVERS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.PROPS_GROUP_ID;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_BOUNDED_MODE;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_BOUNDED_SPECIFIC_OFFSETS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_BOUNDED_TIMESTAMP_MILLIS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_STARTUP_MODE;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_STARTUP_SPECIFIC_OFFSETS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.SCAN_TOPIC_PARTITION_DISCOVERY;
import static org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.TOPIC;

import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.connectors.names.DerivedNames;
import io.cdcbridge.connectors.options.OptionSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.ScanBoundedMode;
import org.apache.flink.streaming.connectors.kafka.table.KafkaConnectorOptions.ScanStartupMode;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The options of the {@code cdcbridge-kafka} table source: the stock {@code kafka} connector's, as Flink declares and
 * documents them, and the dead-letter topic's. The README's option table shows {@link #ALL}'s own.
 */
public final class KafkaDlqOptions {

    /** Every option: the stock ones first, then this connector's, in the README's order. */
    public static final OptionSet ALL = new OptionSet().stock(Set.of(TOPIC, PROPS_BOOTSTRAP_SERVERS, FactoryUtil.FORMAT),
            Set.of(PROPS_GROUP_ID, SCAN_STARTUP_MODE, SCAN_STARTUP_SPECIFIC_OFFSETS, SCAN_STARTUP_TIMESTAMP_MILLIS,
                    SCAN_TOPIC_PARTITION_DISCOVERY, SCAN_BOUNDED_MODE, SCAN_BOUNDED_SPECIFIC_OFFSETS, SCAN_BOUNDED_TIMESTAMP_MILLIS));

    /** The prefix of the Kafka consumer's settings, as the kafka connector takes them. */
    public static final String PROPERTIES_PREFIX = ALL.prefix("properties.", "properties.*", "the Kafka consumer's settings,"
            + " as the kafka connector takes them; the dead-letter producer inherits `bootstrap.servers`, `security.*`,"
            + " `sasl.*` and `ssl.*` from them");

    /** The dead-letter topic of a table reading one topic, unless 'dlq.topic' names another: {@code <topic>_dlq}. */
    public static String defaultDeadLetterTopic(String topic) {
        return DerivedNames.topic(topic.strip() + "_dlq");
    }

    static {
        DeadLetterOptions.declareIn(ALL, "`<topic>_dlq`; required when `topic` lists several");
        // where a read starts and where a bounded one ends: each mode with the value it needs
        positions(SCAN_STARTUP_MODE, ScanStartupMode.TIMESTAMP, ScanStartupMode.SPECIFIC_OFFSETS, SCAN_STARTUP_TIMESTAMP_MILLIS,
                SCAN_STARTUP_SPECIFIC_OFFSETS);
        positions(SCAN_BOUNDED_MODE, ScanBoundedMode.TIMESTAMP, ScanBoundedMode.SPECIFIC_OFFSETS, SCAN_BOUNDED_TIMESTAMP_MILLIS,
                SCAN_BOUNDED_SPECIFIC_OFFSETS);
        ALL.rule(o -> o.get(TOPIC).size() == 1 || o.getOptional(DeadLetterOptions.TOPIC).isPresent(),
                "a table reading several topics needs '" + DeadLetterOptions.TOPIC.key() + "'");
    }

    private static <M> void positions(ConfigOption<M> mode, M timestamp, M specificOffsets, ConfigOption<Long> millis,
                                      ConfigOption<String> offsets) {
        ALL.rule(o -> o.get(mode) != timestamp || o.getOptional(millis).isPresent(),
                "'" + mode.key() + "' = 'timestamp' needs '" + millis.key() + "'");
        ALL.rule(o -> o.get(mode) != specificOffsets || o.getOptional(offsets).isPresent(),
                "'" + mode.key() + "' = 'specific-offsets' needs '" + offsets.key() + "'");
        ALL.rule(o -> o.get(mode) != specificOffsets || o.get(TOPIC).size() == 1, "'" + offsets.key() + "' needs a table of one topic");
    }

    private KafkaDlqOptions() {}
}
