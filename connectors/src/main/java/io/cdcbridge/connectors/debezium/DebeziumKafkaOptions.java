package io.cdcbridge.connectors.debezium;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The table options of the {@code debezium-kafka} connector; Debezium's names where Debezium has the setting. */
public final class DebeziumKafkaOptions {

    /** Debezium's topic.prefix: the first part of every topic name, and source.name in every event. */
    public static final ConfigOption<String> TOPIC_PREFIX = ConfigOptions.key("topic.prefix").stringType()
            .noDefaultValue()
            .withDescription("Debezium's topic.prefix: topics are named <topic.prefix>.<schema>.<table>, and it is "
                    + "source.name in every event.");

    /** One topic for every event, instead of {@code <topic.prefix>.<schema>.<table>}. */
    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic").stringType().noDefaultValue()
            .withDescription("Writes every event to this topic instead of <topic.prefix>.<schema>.<table>.");

    /** The database named in source.db when no column gives it. */
    public static final ConfigOption<String> SOURCE_DB = ConfigOptions.key("source.db").stringType()
            .noDefaultValue()
            .withDescription("source.db of every event, for rows without a METADATA FROM 'source.db' column.");

    /** The schema named in source.schema (and the topic) when no column gives it. */
    public static final ConfigOption<String> SOURCE_SCHEMA = ConfigOptions.key("source.schema").stringType()
            .noDefaultValue()
            .withDescription("source.schema of every event and the topic's middle part, for rows without a "
                    + "METADATA FROM 'source.schema' column.");

    /** The table named in source.table (and the topic) when no column gives it. */
    public static final ConfigOption<String> SOURCE_TABLE = ConfigOptions.key("source.table").stringType()
            .noDefaultValue()
            .withDescription("source.table of every event and the topic's last part, for rows without a "
                    + "METADATA FROM 'source.table' column.");

    /** Debezium's tombstones.on.delete. */
    public static final ConfigOption<Boolean> TOMBSTONES_ON_DELETE = ConfigOptions.key("tombstones.on.delete")
            .booleanType().defaultValue(true)
            .withDescription("Debezium's tombstones.on.delete: follow each delete event with a record that has the "
                    + "same key and a null value, so that log compaction can drop the key.");

    /** Kafka Connect JsonConverter's schemas.enable, for keys and values alike. */
    public static final ConfigOption<Boolean> SCHEMAS_ENABLE = ConfigOptions.key("schemas.enable").booleanType()
            .defaultValue(true)
            .withDescription("Kafka Connect JsonConverter's schemas.enable: each key and value is "
                    + "{\"schema\": ..., \"payload\": ...} when true, the bare payload when false.");

    /** Debezium's decimal.handling.mode. */
    public static final ConfigOption<DecimalHandling> DECIMAL_HANDLING_MODE = ConfigOptions
            .key("decimal.handling.mode").enumType(DecimalHandling.class).defaultValue(DecimalHandling.PRECISE)
            .withDescription("Debezium's decimal.handling.mode: 'precise' (Connect Decimal, base64 of the unscaled "
                    + "value), 'string' or 'double'.");

    /** Kafka bootstrap servers. */
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("properties.bootstrap.servers")
            .stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers.");

    /** The prefix of further Kafka producer settings (security, client id ...), as the Kafka connector takes them. */
    public static final String PROPERTIES_PREFIX = "properties.";

    /** The prefix of per-column options: {@code fields.<column>.semantic-type}. */
    public static final String FIELDS_PREFIX = "fields.";

    /** The suffix of the option that names a string column's Debezium semantic type (json, uuid, xml). */
    public static final String SEMANTIC_TYPE_SUFFIX = ".semantic-type";

    private DebeziumKafkaOptions() {}

    /** Debezium's decimal.handling.mode values. */
    public enum DecimalHandling {
        /** org.apache.kafka.connect.data.Decimal: bytes of the unscaled value, scale in the schema. */
        PRECISE,
        /** The plain decimal string, e.g. "12.500000". */
        STRING,
        /** A float64, losing precision. */
        DOUBLE
    }
}
