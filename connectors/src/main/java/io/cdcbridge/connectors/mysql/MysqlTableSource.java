package io.cdcbridge.connectors.mysql;

import io.cdcbridge.connectors.mysql.source.MysqlSource;
import io.cdcbridge.connectors.mysql.source.MysqlSourceConfig;
import io.cdcbridge.connectors.source.MetadataColumn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;

/**
 * The planner's view of a {@code cdcbridge-mysql} table: a full changelog (+I, -U, +U, -D) from its source, with
 * optional metadata ({@link MetadataColumn}).
 */
final class MysqlTableSource implements ScanTableSource, SupportsReadingMetadata {

    private MysqlSourceConfig config;

    MysqlTableSource(MysqlSourceConfig config) {
        this.config = config;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.all();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        MysqlSourceConfig source = config;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
                // no uid, as mysql-cdc's: a statement that scans the table twice has two sources, which one uid would
                // make clash; Flink's own ids are stable for the same statement
                return env.fromSource(new MysqlSource(source), WatermarkStrategy.noWatermarks(),
                        "cdcbridge-mysql " + source.endpoint().database() + "." + source.table(),
                        InternalTypeInfo.of(source.producedType()));
            }

            @Override
            public boolean isBounded() {
                return false;
            }
        };
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> all = new LinkedHashMap<>();
        // MySQL has no schema
        for (MetadataColumn m : MetadataColumn.values()) if (m != MetadataColumn.SCHEMA_NAME) all.put(m.key(), m.type());
        return all;
    }

    @Override
    public void applyReadableMetadata(List<String> keys, DataType producedDataType) {
        config = config.withMetadata(keys.stream().map(MetadataColumn::of).toList());
    }

    @Override
    public DynamicTableSource copy() {
        return new MysqlTableSource(config);
    }

    @Override
    public String asSummaryString() {
        return "cdcbridge-mysql " + config.endpoint().database() + "." + config.table();
    }
}
