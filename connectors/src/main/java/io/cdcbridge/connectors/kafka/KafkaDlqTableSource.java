package io.cdcbridge.connectors.kafka;

import io.cdcbridge.connectors.deadletter.DeadLetterTarget;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * The {@code cdcbridge-kafka} table: Flink's KafkaSource, decoding values with the table's format, records the
 * format rejects going to the dead-letter topic. Watermarks are generated in the source, per partition, as the
 * stock {@code kafka} connector does.
 */
final class KafkaDlqTableSource implements ScanTableSource, SupportsWatermarkPushDown {

    private final String table;
    private final DataType physicalType;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final List<String> topics;
    private final Properties consumer;
    private final OffsetsInitializer startingOffsets;
    private final OffsetsInitializer stoppingOffsets;
    private final DeadLetterTarget deadLetters;
    private WatermarkStrategy<RowData> watermarks;

    KafkaDlqTableSource(String table, DataType physicalType, DecodingFormat<DeserializationSchema<RowData>> format,
                        List<String> topics, Properties consumer, OffsetsInitializer startingOffsets,
                        OffsetsInitializer stoppingOffsets, DeadLetterTarget deadLetters) {
        this.table = table;
        this.physicalType = physicalType;
        this.format = format;
        this.topics = topics;
        this.consumer = consumer;
        this.startingOffsets = startingOffsets;
        this.stoppingOffsets = stoppingOffsets;
        this.deadLetters = deadLetters;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeadLetteringDeserializer deserializer = new DeadLetteringDeserializer(
                format.createRuntimeDecoder(context, physicalType), deadLetters);
        var builder = KafkaSource.<RowData>builder()
                .setTopics(topics)
                .setStartingOffsets(startingOffsets)
                .setProperties(consumer)
                .setDeserializer(deserializer);
        if (stoppingOffsets != null) builder.setBounded(stoppingOffsets);
        KafkaSource<RowData> kafka = builder.build();
        DeadLetterFlushingSource<?, ?> source = new DeadLetterFlushingSource<>(kafka, deserializer);
        WatermarkStrategy<RowData> strategy = watermarks == null ? WatermarkStrategy.noWatermarks() : watermarks;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
                DataStreamSource<RowData> stream = env.fromSource(source, strategy, "cdcbridge-kafka " + table);
                // a stable uid keeps the source's offsets restorable from a savepoint of an earlier version
                provider.generateUid("kafka").ifPresent(stream::uid);
                return stream;
            }

            @Override
            public boolean isBounded() {
                return stoppingOffsets != null;
            }
        };
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarks = watermarkStrategy;
    }

    @Override
    public DynamicTableSource copy() {
        KafkaDlqTableSource copy = new KafkaDlqTableSource(table, physicalType, format, topics, consumer,
                startingOffsets, stoppingOffsets, deadLetters);
        copy.watermarks = watermarks;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return KafkaDlqTableFactory.IDENTIFIER;
    }
}
