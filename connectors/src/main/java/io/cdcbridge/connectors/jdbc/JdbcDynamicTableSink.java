package io.cdcbridge.connectors.jdbc;

import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

/**
 * A {@code cdcbridge-jdbc} table as the planner sees it: takes inserts, updates and deletes, and upserts them. One
 * writer unless {@code sink.parallelism} asks for more (why: {@link JdbcSinkOptions#SINK_PARALLELISM}); with more, the rows are partitioned by key first, so that one
 * writer writes all changes of a key: two writers' transactions on one key could otherwise race past a tombstone.
 */
final class JdbcDynamicTableSink implements DynamicTableSink {

    private final JdbcSinkConfig config;
    private final int parallelism;

    JdbcDynamicTableSink(JdbcSinkConfig config, int parallelism) {
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
        JdbcSinkConfig sinkConfig = config;
        int n = parallelism;
        return new DataStreamSinkProvider() {
            @Override
            public DataStreamSink<?> consumeDataStream(ProviderContext provider, DataStream<RowData> input) {
                DataStream<RowData> rows = n == 1 ? input : input.keyBy(new KeyOf(sinkConfig), Types.STRING);
                DataStreamSink<RowData> sink = rows.sinkTo(new JdbcSink(sinkConfig)).name("cdcbridge-jdbc " + sinkConfig.table().displayName());
                provider.generateUid("writer").ifPresent(sink::uid);
                // always: left to the default, more writers than inputs would get the rows round-robin, not by key
                sink.setParallelism(n);
                return sink;
            }
        };
    }

    @Override
    public DynamicTableSink copy() {
        return new JdbcDynamicTableSink(config, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "cdcbridge-jdbc";
    }

    /** A row's key as text, the same for equal keys: what rows are partitioned by. */
    static final class KeyOf implements KeySelector<RowData, String> {

        private final RowValues key;

        KeyOf(JdbcSinkConfig config) {
            this.key = new RowValues(config.table().columns(), config.table().keyPositions());
        }

        @Override
        public String getKey(RowData row) {
            return Arrays.deepToString(key.of(row));
        }
    }
}
