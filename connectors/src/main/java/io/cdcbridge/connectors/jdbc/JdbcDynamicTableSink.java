package io.cdcbridge.connectors.jdbc;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.types.RowKind;

/** A {@code cdcbridge-jdbc} table as the planner sees it: takes inserts, updates and deletes, and upserts them. */
final class JdbcDynamicTableSink implements DynamicTableSink {

    private final JdbcSinkConfig config;
    private final Integer parallelism;

    JdbcDynamicTableSink(JdbcSinkConfig config, Integer parallelism) {
        this.config = config;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requested) {
        // an upsert by key needs no UPDATE_BEFORE: the planner may leave them out
        ChangelogMode.Builder mode = ChangelogMode.newBuilder();
        for (RowKind kind : requested.getContainedKinds()) if (kind != RowKind.UPDATE_BEFORE) mode.addContainedKind(kind);
        return mode.build();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(new JdbcSink(config), parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new JdbcDynamicTableSink(config, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "cdcbridge-jdbc";
    }
}
