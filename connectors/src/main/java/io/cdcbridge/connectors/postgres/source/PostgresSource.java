package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamEnumerator;
import io.cdcbridge.connectors.source.SnapshotThenStreamSource;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * The {@code cdcbridge-postgres} source (FLIP-27): a parallel snapshot of the tables a job reads through one slot with
 * COPY, then their changes from the logical slot with pgoutput, as a changelog of rows tagged with their table.
 */
public final class PostgresSource extends SnapshotThenStreamSource<TableRow, PgSplit, PgEnumeratorState> {

    private static final long serialVersionUID = 1L;

    private final SlotTables tables;

    /**
     * A source of the tables in {@code tables} (which may still be filled until the job is submitted); bounded when
     * it reads the snapshot only.
     */
    public PostgresSource(SlotTables tables, boolean bounded) {
        super(bounded);
        this.tables = tables;
    }

    @Override
    public SourceReader<TableRow, PgSplit> createReader(SourceReaderContext context) {
        return new PgSourceReader(tables, context);
    }

    @Override
    protected SnapshotThenStreamEnumerator<PgSplit, PgEnumeratorState> enumerator(SplitEnumeratorContext<PgSplit> context,
                                                                                PgEnumeratorState restored) {
        return new PgEnumerator(tables, context, restored);
    }

    @Override
    protected PgCheckpointFormat format() {
        return PgCheckpointFormat.INSTANCE;
    }
}
