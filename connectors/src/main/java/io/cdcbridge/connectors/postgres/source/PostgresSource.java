package io.cdcbridge.connectors.postgres.source;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The {@code cdcbridge-postgres} source (FLIP-27): a parallel snapshot of the tables a job reads through one slot with
 * COPY, then their changes from the logical slot with pgoutput, as a changelog of rows tagged with their table.
 */
public final class PostgresSource implements Source<TableRow, PgSplit, PgEnumeratorState> {

    private static final long serialVersionUID = 1L;

    private final SlotTables tables;
    private final boolean bounded;

    /**
     * A source of the tables in {@code tables} (which may still be filled until the job is submitted); bounded when
     * it reads the snapshot only.
     */
    public PostgresSource(SlotTables tables, boolean bounded) {
        this.tables = tables;
        this.bounded = bounded;
    }

    @Override
    public Boundedness getBoundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<TableRow, PgSplit> createReader(SourceReaderContext context) {
        return new PgSourceReader(tables, context);
    }

    @Override
    public SplitEnumerator<PgSplit, PgEnumeratorState> createEnumerator(SplitEnumeratorContext<PgSplit> context) {
        return new PgEnumerator(tables, context, null);
    }

    @Override
    public SplitEnumerator<PgSplit, PgEnumeratorState> restoreEnumerator(SplitEnumeratorContext<PgSplit> context,
                                                                          PgEnumeratorState state) {
        return new PgEnumerator(tables, context, state);
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
