package io.cdcbridge.connectors.deadletter;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The table options every cdcbridge connector or format with a dead-letter topic shares, declared once.
 * Kafka client settings are passed as {@code dlq.properties.*}, as the Kafka connector takes {@code properties.*}.
 */
public final class DeadLetterOptions {

    /** The topic rejected records go to; without it a record that would go there fails the job instead. */
    public static final ConfigOption<String> TOPIC = ConfigOptions.key("dlq.topic").stringType().noDefaultValue()
            .withDescription("Kafka topic that receives records this table rejects, with the reason in headers.");

    /** Kafka bootstrap servers of the dead-letter topic. */
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("dlq.properties.bootstrap.servers")
            .stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers of the dead-letter topic.");

    /** The prefix of further Kafka producer settings of the dead-letter topic (security, client id ...). */
    public static final String PROPERTIES_PREFIX = "dlq.properties.";

    private DeadLetterOptions() {}

    /**
     * Where rejected records go, from a table's options; empty when no dead-letter topic is configured.
     * Throws IllegalArgumentException when a topic is given without bootstrap servers.
     */
    public static Optional<DeadLetterTarget> target(ReadableConfig options, Map<String, String> allOptions) {
        Optional<String> topic = options.getOptional(TOPIC);
        if (topic.isEmpty()) return Optional.empty();
        if (options.getOptional(BOOTSTRAP_SERVERS).isEmpty()) {
            throw new IllegalArgumentException("'" + TOPIC.key() + "' needs '" + BOOTSTRAP_SERVERS.key() + "' as well");
        }
        return Optional.of(new DeadLetterTarget(topic.get(), producerProperties(allOptions)));
    }

    /** The Kafka producer settings given as {@code dlq.properties.*} in a table's options, without the prefix. */
    public static Properties producerProperties(Map<String, String> allOptions) {
        Properties producer = new Properties();
        allOptions.forEach((k, v) -> {
            if (k.startsWith(PROPERTIES_PREFIX)) producer.setProperty(k.substring(PROPERTIES_PREFIX.length()), v);
        });
        return producer;
    }
}
