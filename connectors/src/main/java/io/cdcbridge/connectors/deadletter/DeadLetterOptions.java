package io.cdcbridge.connectors.deadletter;

import io.cdcbridge.connectors.options.OptionSet;
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

    public static final ConfigOption<String> TOPIC = ConfigOptions.key("dlq.topic").stringType().noDefaultValue()
            .withDescription("the Kafka topic that receives the records this table rejects, the reason and origin in headers");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("dlq.properties.bootstrap.servers")
            .stringType().noDefaultValue()
            .withDescription("the Kafka bootstrap servers of the dead-letter topic");

    /** The prefix of further Kafka producer settings of the dead-letter topic (security, client id ...). */
    public static final String PROPERTIES_PREFIX = "dlq.properties.";

    private DeadLetterOptions() {}

    /**
     * Declares the dead-letter options in a connector's set.
     *
     * @param shownTopicDefault the topic's default as the README shows it ({@code none}, or how it is derived)
     */
    public static void declareIn(OptionSet options, String shownTopicDefault) {
        options.derived(TOPIC, shownTopicDefault);
        options.optional(BOOTSTRAP_SERVERS);
        options.prefix(PROPERTIES_PREFIX, "dlq.properties.*", "any other setting of the dead-letter producer (security, client id ...)");
    }

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
