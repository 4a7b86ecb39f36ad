package io.cdcbridge.connectors.postgres;

import io.cdcbridge.connectors.postgres.source.SlotSources;
import io.cdcbridge.connectors.postgres.source.SourceConfig;
import io.cdcbridge.connectors.source.MetadataColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.types.DataType;

/**
 * The planner's view of a {@code cdcbridge-postgres} table: a full changelog (+I, -U, +U, -D), or with
 * {@code changelog-mode = upsert} an upsert changelog (+I, +U, -D by key), with optional metadata. Its rows come from
 * the one source of its slot in the job ({@link SlotSources}), which the job's other tables naming that slot share.
 */
final class PostgresTableSource implements ScanTableSource, SupportsReadingMetadata {

    private SourceConfig config;

    PostgresTableSource(SourceConfig config) {
        this.config = config;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return config.upsert() ? ChangelogMode.upsert() : ChangelogMode.all();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        SourceConfig table = config;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
                return SlotSources.join(env, table);
            }

            @Override
            public boolean isBounded() {
                return table.snapshotOnly();
            }
        };
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> all = new LinkedHashMap<>();
        for (MetadataColumn m : MetadataColumn.values()) all.put(m.key(), m.type());
        return all;
    }

    @Override
    public void applyReadableMetadata(List<String> keys, DataType producedDataType) {
        List<MetadataColumn> chosen = new ArrayList<>();
        for (String key : keys) chosen.add(MetadataColumn.of(key));
        config = config.withMetadata(chosen);
    }

    @Override
    public DynamicTableSource copy() {
        return new PostgresTableSource(config);
    }

    @Override
    public String asSummaryString() {
        return "cdcbridge-postgres " + config.table().schema() + "." + config.table().table();
    }
}
