package io.cdcbridge.connectors.debezium;

import io.cdcbridge.connectors.debezium.DebeziumKafkaOptions.Layout;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A table whose changelog is published as Debezium change events. It takes every row kind, UPDATE_BEFORE included,
 * so that an update event carries its before image, and METADATA columns for the source block.
 */
final class DebeziumKafkaTableSink implements DynamicTableSink, SupportsWritingMetadata {

    private final String table;
    private EnvelopeSettings settings;

    DebeziumKafkaTableSink(String table, EnvelopeSettings settings) {
        this.table = table;
        this.settings = settings;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.all();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        // what names the topic: <schema>.<table>, in MySQL's layout <db>.<table>
        SourceBlock.Field first = settings.layout() == Layout.MYSQL ? SourceBlock.Field.DB : SourceBlock.Field.SCHEMA;
        for (SourceBlock.Field f : List.of(first, SourceBlock.Field.TABLE)) {
            if (!settings.metadataKeys().contains(f.key) && option(f) == null) {
                String column = f == SourceBlock.Field.DB ? "db" : f.key.substring("source.".length()) + "_name";
                String from = f == SourceBlock.Field.DB ? "database_name" : column; // as the CDC sources name their metadata
                throw new ValidationException("Table " + table + " (connector debezium-kafka) cannot name its events' "
                        + f.key + ": declare a column `" + column + " STRING METADATA FROM '" + f.key
                        + "'` (filled from the CDC source's " + from + ") or set the option '" + f.key + "'.");
            }
        }
        // no parallelism of its own: the sink stays chained to its input, so an update's halves reach one writer
        return SinkV2Provider.of(new EnvelopeSink(settings));
    }

    private String option(SourceBlock.Field f) {
        return switch (f) {
            case DB -> settings.db();
            case SCHEMA -> settings.schema();
            default -> settings.table();
        };
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        return SourceBlock.Field.writable();
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        settings = settings.withMetadata(metadataKeys, (RowType) consumedDataType.getLogicalType());
    }

    @Override
    public DynamicTableSink copy() {
        return new DebeziumKafkaTableSink(table, settings);
    }

    @Override
    public String asSummaryString() {
        return "debezium-kafka";
    }
}
