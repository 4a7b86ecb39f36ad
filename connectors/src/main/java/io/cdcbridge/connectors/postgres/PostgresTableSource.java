package io.cdcbridge.connectors.postgres;

import io.cdcbridge.connectors.postgres.source.PostgresSource;
import io.cdcbridge.connectors.postgres.source.SourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/** The planner's view of a {@code cdcbridge-postgres} table: a full changelog (+I, -U, +U, -D) with optional metadata. */
final class PostgresTableSource implements ScanTableSource, SupportsReadingMetadata {

    private final PostgresTable table;
    private final String slot;
    private final String publication;
    private final boolean snapshot;
    private final int chunkSize;
    private final String chunkKey;
    private final RowType physicalType;
    private List<MetadataColumn> metadata = List.of();

    PostgresTableSource(PostgresTable table, String slot, String publication, boolean snapshot, int chunkSize,
                        String chunkKey, RowType physicalType) {
        this.table = table;
        this.slot = slot;
        this.publication = publication;
        this.snapshot = snapshot;
        this.chunkSize = chunkSize;
        this.chunkKey = chunkKey;
        this.physicalType = physicalType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.all();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        return SourceProvider.of(new PostgresSource(new SourceConfig(table, slot, publication, snapshot, chunkSize,
                chunkKey, physicalType, metadata)));
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
        metadata = List.copyOf(chosen);
    }

    @Override
    public DynamicTableSource copy() {
        PostgresTableSource copy = new PostgresTableSource(table, slot, publication, snapshot, chunkSize, chunkKey,
                physicalType);
        copy.metadata = metadata;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "cdcbridge-postgres " + table.schema() + "." + table.table();
    }
}
