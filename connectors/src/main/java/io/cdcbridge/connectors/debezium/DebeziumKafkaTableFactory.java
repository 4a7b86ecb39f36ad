package io.cdcbridge.connectors.debezium;

import io.cdcbridge.connectors.options.OptionSet;
import io.cdcbridge.connectors.options.DeclaredOptions;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.ALL;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.AVRO_PREFIX;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.DECIMAL_HANDLING_MODE;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.FIELDS_PREFIX;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.FORMAT;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.PROPERTIES_PREFIX;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.SCHEMAS_ENABLE;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.SEMANTIC_TYPE_SUFFIX;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.SOURCE_CONNECTOR;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.SOURCE_DB;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.SOURCE_SCHEMA;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.SOURCE_TABLE;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.TOMBSTONES_ON_DELETE;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.TOPIC;
import static io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.TOPIC_PREFIX;

import io.cdcbridge.connectors.avro.AvroConfluentOptions;
import io.cdcbridge.connectors.avro.RegistryClient;
import io.cdcbridge.connectors.debezium.ConnectType.SemanticType;
import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.Format;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'connector' = 'debezium-kafka'}: publishes a table's changelog to Kafka as Debezium's PostgreSQL (or MySQL)
 * connector would, so that any Debezium consumer (Flink's debezium-json, Kafka Connect sinks) reads it.
 */
public final class DebeziumKafkaTableFactory implements DynamicTableSinkFactory, DeclaredOptions {

    /** The connector's name in {@code 'connector' = '...'}. */
    public static final String IDENTIFIER = "debezium-kafka";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public OptionSet options() {
        return ALL;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        ReadableConfig options = DeclaredOptions.check(this, FactoryUtil.createTableFactoryHelper(this, context), context).options();
        String table = context.getObjectIdentifier().asSummaryString();
        RowType physical = (RowType) context.getPhysicalRowDataType().getLogicalType();
        Map<String, String> all = context.getCatalogTable().getOptions();

        Properties producer = new Properties();
        all.forEach((k, v) -> {
            if (k.startsWith(PROPERTIES_PREFIX)) producer.setProperty(k.substring(PROPERTIES_PREFIX.length()), v);
        });
        EnvelopeSettings settings = new EnvelopeSettings(physical, physical.getFieldCount(),
                context.getPrimaryKeyIndexes(), List.of(), options.get(SOURCE_CONNECTOR), options.get(TOPIC_PREFIX), options.get(TOPIC),
                options.get(SOURCE_DB), options.get(SOURCE_SCHEMA), options.get(SOURCE_TABLE),
                options.get(TOMBSTONES_ON_DELETE), options.get(SCHEMAS_ENABLE), options.get(DECIMAL_HANDLING_MODE),
                semanticTypes(table, physical, all), producer, registry(table, options.get(FORMAT), all));
        try {
            new EnvelopeEncoder(settings); // refuses a column it cannot encode now rather than when the job runs
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Table " + table + " (connector debezium-kafka), " + e.getMessage());
        }
        return new DebeziumKafkaTableSink(table, settings);
    }

    // avro-confluent.*: the format's registry options, checked as the format checks them; null for JSON
    private static RegistryClient registry(String table, Format format, Map<String, String> all) {
        String where = "Table " + table + " (connector debezium-kafka)";
        Configuration avro = new Configuration();
        all.forEach((k, v) -> {
            if (k.startsWith(AVRO_PREFIX)) avro.setString(k.substring(AVRO_PREFIX.length()), v);
        });
        if (format == Format.JSON) {
            if (!avro.keySet().isEmpty()) {
                throw new ValidationException(where + ": options '" + AVRO_PREFIX + "*' apply with 'format' = '"
                        + Format.AVRO_CONFLUENT + "' only");
            }
            return null;
        }
        Set<String> known = AvroConfluentOptions.ALL.optionalOptions().stream().map(ConfigOption::key)
                .filter(k -> !k.equals(AvroConfluentOptions.SUBJECT.key()) && !k.equals(AvroConfluentOptions.SCHEMA.key()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        known.add(AvroConfluentOptions.URL.key());
        for (String k : avro.keySet()) {
            if (!known.contains(k)) {
                throw new ValidationException(where + ": option '" + AVRO_PREFIX + k + "' is unknown; the registry's"
                        + " options are " + known.stream().map(o -> "'" + AVRO_PREFIX + o + "'").collect(Collectors.joining(", "))
                        + " (subjects are <topic>-key and <topic>-value, the schemas the events')");
            }
        }
        if (!avro.containsKey(AvroConfluentOptions.URL.key())) {
            throw new ValidationException(where + ": 'format' = '" + Format.AVRO_CONFLUENT + "' needs '" + AVRO_PREFIX
                    + AvroConfluentOptions.URL.key() + "', the schema registry's URL");
        }
        AvroConfluentOptions.ALL.validate(avro, where + ", options '" + AVRO_PREFIX + "*'");
        return AvroConfluentOptions.client(avro);
    }

    // fields.<column>.semantic-type = json | uuid | xml
    private static Map<String, SemanticType> semanticTypes(String table, RowType physical, Map<String, String> all) {
        Map<String, SemanticType> types = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(FIELDS_PREFIX)) continue;
            String where = "Table " + table + " (connector debezium-kafka), option '" + key + "'";
            if (!key.endsWith(SEMANTIC_TYPE_SUFFIX)) {
                throw new ValidationException(where + ": unknown; per-column options are 'fields.<column>"
                        + SEMANTIC_TYPE_SUFFIX + "'");
            }
            String column = key.substring(FIELDS_PREFIX.length(), key.length() - SEMANTIC_TYPE_SUFFIX.length());
            if (!physical.getFieldNames().contains(column)) {
                throw new ValidationException(where + ": the table has no column '" + column + "'");
            }
            try {
                types.put(column, SemanticType.valueOf(e.getValue().strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                throw new ValidationException(where + ": '" + e.getValue() + "' is not one of "
                        + Arrays.stream(SemanticType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", ")));
            }
        }
        return Map.copyOf(types);
    }
}
