package io.cdcbridge.connectors.debezium;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.cdcbridge.connectors.options.OptionSet;
import org.apache.flink.configuration.ConfigOption;

/**
 * The table options of the {@code debezium-kafka} connector, each declared once with its description and default;
 * Debezium's names where Debezium has the setting. The README's option table shows {@link #ALL}.
 */
public final class DebeziumKafkaOptions {

    /** Every option, in the README's order. */
    public static final OptionSet ALL = new OptionSet();

    public static final ConfigOption<String> TOPIC_PREFIX = ALL.required(key("topic.prefix").stringType().noDefaultValue()
            .withDescription("Debezium's `topic.prefix`: topics are `<topic.prefix>.<schema>.<table>`; also `source.name`"));

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ALL.required(key("properties.bootstrap.servers").stringType()
            .noDefaultValue()
            .withDescription("Kafka"));

    public static final ConfigOption<String> TOPIC = ALL.optional(key("topic").stringType().noDefaultValue()
            .withDescription("one fixed topic instead of `<topic.prefix>.<schema>.<table>`"));

    public static final ConfigOption<Boolean> TOMBSTONES_ON_DELETE = ALL.optional(key("tombstones.on.delete").booleanType()
            .defaultValue(true)
            .withDescription("Debezium's: a record with the key and a null value after each delete"));

    public static final ConfigOption<Format> FORMAT = ALL.optional(key("format").enumType(Format.class).defaultValue(Format.JSON)
            .withDescription("how keys and values are written: `json` as Kafka Connect's JsonConverter, `avro-confluent` as"
                    + " Confluent's AvroConverter (Avro in Confluent's wire format, the schemas registered under"
                    + " `<topic>-key` and `<topic>-value` at `avro-confluent.url`)"));

    public static final ConfigOption<Boolean> SCHEMAS_ENABLE = ALL.optional(key("schemas.enable").booleanType().defaultValue(true)
            .withDescription("JsonConverter's, for key and value: `{\"schema\": ..., \"payload\": ...}`, or the bare payload"));

    public static final ConfigOption<DecimalHandling> DECIMAL_HANDLING_MODE = ALL.optional(key("decimal.handling.mode")
            .enumType(DecimalHandling.class).defaultValue(DecimalHandling.PRECISE)
            .withDescription("Debezium's: `precise` (Connect `Decimal`), `string`, `double`"));

    public static final ConfigOption<Layout> SOURCE_CONNECTOR = ALL.optional(key("source.connector")
            .enumType(Layout.class).defaultValue(Layout.POSTGRESQL)
            .withDescription("whose events to write: Debezium's `postgresql` connector's (topics `<topic.prefix>.<schema>.<table>`)"
                    + " or its `mysql` connector's (topics `<topic.prefix>.<db>.<table>`, a source block with `server_id`,"
                    + " `gtid`, `file`, `pos`, `row`, `thread`, `query`)"));

    public static final ConfigOption<String> SOURCE_DB = ALL.optional(key("source.db").stringType().noDefaultValue()
            .withDescription("the source block's `db` for rows without a `source.db` metadata column"));

    public static final ConfigOption<String> SOURCE_SCHEMA = ALL.optional(key("source.schema").stringType().noDefaultValue()
            .withDescription("the source block's `schema` (and the topic's middle part) for rows without a `source.schema` metadata column"));

    public static final ConfigOption<String> SOURCE_TABLE = ALL.optional(key("source.table").stringType().noDefaultValue()
            .withDescription("the source block's `table` (and the topic's last part) for rows without a `source.table` metadata column"));

    /** The prefix of further Kafka producer settings (security, client id ...), as the Kafka connector takes them. */
    public static final String PROPERTIES_PREFIX = ALL.prefix("properties.", "properties.*",
            "any other setting of the Kafka producer (defaults `acks=all`, idempotence on, `linger.ms=20`, `batch.size=524288`)");

    /** The prefix of the registry's options with {@code 'format' = 'avro-confluent'}: the format's own. */
    public static final String AVRO_PREFIX = ALL.prefix("avro-confluent.", "avro-confluent.*",
            "with `'format' = 'avro-confluent'`: the `avro-confluent` format's registry options (`url`, required;"
                    + " `basic-auth.*`, `bearer-auth.*`)");

    /** The prefix of per-column options: {@code fields.<column>.semantic-type}. */
    public static final String FIELDS_PREFIX = ALL.prefix("fields.", "fields.<column>.semantic-type",
            "`json`, `uuid` or `xml`: the Debezium logical type of a STRING column (or of an ARRAY of STRING) that Flink"
                    + " cannot tell from text");

    /** The suffix of the option that names a string column's Debezium semantic type (json, uuid, xml). */
    public static final String SEMANTIC_TYPE_SUFFIX = ".semantic-type";

    private DebeziumKafkaOptions() {}

    /** How keys and values are written: Kafka Connect's converter each stands for. */
    public enum Format {
        /** JsonConverter. */
        JSON,
        /** Confluent's AvroConverter. */
        AVRO_CONFLUENT;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The Debezium connectors whose event layout can be written: topic names and the source block differ. */
    public enum Layout {
        /** Debezium's PostgreSQL connector. */
        POSTGRESQL,
        /** Debezium's MySQL connector (MySQL and MariaDB). */
        MYSQL
    }

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
