package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamEmitter;
import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;

/**
 * Emits a record's row tagged with its table and moves the stream's position (and columns) with it (see
 * {@link SnapshotThenStreamEmitter}); a streamed row's time is its transaction's commit.
 */
final class PgRecordEmitter extends SnapshotThenStreamEmitter<PgRecord, TableRow, PgSplitState> {

    private final SlotTables tables;
    private List<String> ids;

    PgRecordEmitter(SlotTables tables, SourceReaderContext context) {
        super(context);
        this.tables = tables;
    }

    @Override
    protected TableRow row(PgRecord record) {
        return record.row() == null ? null : new TableRow(record.table(), record.row());
    }

    @Override
    protected long millis(PgRecord record) {
        return record.commitMillis();
    }

    @Override
    protected boolean streaming(PgSplitState state) {
        return state.isStream();
    }

    @Override
    protected void advance(PgRecord record, PgSplitState state) {
        state.advance(record.lsn(), record.emitted());
        if (record.columns() != null) {
            if (ids == null) ids = tables.ids();
            state.columns(ids.get(record.table()), record.columns());
        }
    }
}
