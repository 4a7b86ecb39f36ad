package io.cdcbridge.connectors.postgres.source;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;

/**
 * The {@code cdcbridge-postgres} source (FLIP-27): a parallel snapshot of one table with COPY, then its changes from a
 * logical slot with pgoutput, as a changelog of RowData.
 */
public final class PostgresSource implements Source<RowData, PgSplit, PgEnumeratorState> {

    private static final long serialVersionUID = 1L;

    private final SourceConfig config;

    /** A source of what {@code config} describes. */
    public PostgresSource(SourceConfig config) {
        this.config = config;
    }

    @Override
    public Boundedness getBoundedness() {
        return config.snapshotOnly() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RowData, PgSplit> createReader(SourceReaderContext context) {
        return new PgSourceReader(config, context);
    }

    @Override
    public SplitEnumerator<PgSplit, PgEnumeratorState> createEnumerator(SplitEnumeratorContext<PgSplit> context) {
        return new PgEnumerator(config, context, null);
    }

    @Override
    public SplitEnumerator<PgSplit, PgEnumeratorState> restoreEnumerator(SplitEnumeratorContext<PgSplit> context,
                                                                          PgEnumeratorState state) {
        return new PgEnumerator(config, context, state);
    }

    @Override
    public SimpleVersionedSerializer<PgSplit> getSplitSerializer() {
        return PgSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PgEnumeratorState> getEnumeratorCheckpointSerializer() {
        return PgEnumeratorStateSerializer.INSTANCE;
    }
}
