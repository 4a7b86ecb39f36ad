package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamEnumerator;
import io.cdcbridge.connectors.postgres.replication.ReplicationSetup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.MetricGroup;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the snapshot splits of every table to whichever reader asks, and once every one is reported finished, the
 * one stream split of the slot, starting where the slot was created: the changes made during the snapshot are
 * replayed over it.
 */
final class PgEnumerator extends SnapshotThenStreamEnumerator<PgSplit, PgEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(PgEnumerator.class);

    private final SlotTables tables;
    private final SourceConfig config;
    // snapshot splits reported read (readers report them again after a restore), for the progress gauges
    private final Set<String> finished = new HashSet<>();
    private volatile long estimatedRows = -1;
    private volatile long splitsTotal;
    private volatile long splitsFinished;
    private volatile boolean snapshotDone;
    private final boolean restored;
    private final List<String> restoredTables;
    private long startLsn;

    PgEnumerator(SlotTables tables, SplitEnumeratorContext<PgSplit> context, PgEnumeratorState state) {
        super(context);
        this.tables = tables;
        this.config = tables.first();
        this.restored = state != null;
        this.restoredTables = state == null ? List.of() : state.tables();
        if (state != null) {
            startLsn = state.startLsn();
            splits.restore(state.pending(), state.unfinished(), state.streamAssigned());
        }
    }

    @Override
    public void start() {
        registerProgress();
        if (restored && !restoredTables.isEmpty()) {
            List<String> joined = tables.ids().stream().filter(id -> !restoredTables.contains(id)).toList();
            // while the snapshot is read they are split with the others; once the stream runs its reader copies them first
            // (a table the checkpoint does not know was never snapshotted: it is now, and the stream, which starts at
            // the restored position, replays its later changes over it, as it does over the first snapshot)
            if (!joined.isEmpty() && !splits.streamAssigned() && !config.snapshotOnly()) split(joined);
            if (!joined.isEmpty()) LOG.info("cdcbridge-postgres {}: table(s) {} joined the restored job; their snapshot is read"
                    + " before the stream goes on, which replays their changes since the restored position over it", tables.describe(), joined);
            // the splits of a table the job no longer reads are not waited for
            for (String gone : restoredTables) {
                if (tables.has(gone)) continue;
                splits.pending().removeIf(s -> ((SnapshotSplit) s).table().equals(gone));
                splits.unfinished().removeIf(id -> SnapshotSplit.isOf(id, gone));
            }
        }
        if (config.snapshotOnly()) {
            // a bounded read: the table's rows as they are, no slot to hold WAL for a stream that never comes
            if (!restored) split();
            progress();
            return;
        }
        Map<PostgresTable, Boolean> oldRowsNeeded = new LinkedHashMap<>();
        for (SourceConfig t : tables.all()) oldRowsNeeded.merge(t.table(), !t.upsert(), Boolean::logicalOr);
        ReplicationSetup setup = new ReplicationSetup(oldRowsNeeded, config.slot(), config.publication(),
                config.schemaChanges().newTables() != null);
        if (restored) {
            setup.check();
            if (!splits.streamAssigned() && config.snapshot()) estimatedRows = estimatedRows();
            return;
        }
        // the slot first: every change committed after its consistent point is in it, so none the snapshot misses is lost
        startLsn = setup.prepare(!config.snapshot());
        if (config.snapshot()) split();
        progress();
        LOG.info("cdcbridge-postgres {}: {} snapshot split(s), then the stream from {}", tables.describe(),
                splits.pending().size(), LogSequenceNumber.valueOf(startLsn));
    }

    // every table's splits, the tables one after the other, asked over one connection
    private void split() {
        estimatedRows = split(tables.ids());
    }

    // the splits of these tables; the rows they are estimated to hold (several Flink tables may read one PostgreSQL
    // table: each reads its rows, so each counts them)
    private long split(List<String> ids) {
        long rows = 0;
        try (Connection c = config.table().endpoint().connect()) {
            for (SourceConfig t : tables.all()) {
                if (!ids.contains(t.id())) continue;
                SnapshotSplitter.Plan plan = SnapshotSplitter.split(c, t.id(), t.table(), t.chunkKey(), t.chunkSize());
                splits.add(plan.splits());
                rows += plan.estimatedRows();
            }
        } catch (SQLException e) {
            throw new PostgresSourceException("cdcbridge-postgres cannot split " + (ids.size() == tables.ids().size()
                    ? tables.describe() : ids) + " for the snapshot: " + e.getMessage(), e);
        }
        return rows;
    }

    private long estimatedRows() {
        return SnapshotSplitter.estimatedRows(tables.all().stream().map(SourceConfig::table).toList());
    }

    @Override
    protected PgSplit streamSplit() {
        return StreamSplit.of(startLsn, tables.ids());
    }

    @Override
    protected boolean isStream(PgSplit split) {
        return split instanceof StreamSplit;
    }

    @Override
    protected boolean bounded() {
        return config.snapshotOnly();
    }

    @Override
    protected void finished(List<String> ids) {
        finished.addAll(ids);
        LOG.info("cdcbridge-postgres {}: snapshot split(s) {} read; {} to go", tables.describe(), ids,
                splits.pending().size() + splits.unfinished().size());
    }

    @Override
    protected void streamAssigned(PgSplit split, int subtask) {
        LOG.info("cdcbridge-postgres {}: snapshot done, streaming from {} on subtask {}", tables.describe(),
                LogSequenceNumber.valueOf(startLsn), subtask);
    }

    // Snapshot progress as gauges of the enumerator (Flink's REST API: jm-operator-metrics): splits in all and read,
    // the rows the table is estimated to hold (-1: unknown), whether the stream runs. Copied into volatile fields on
    // the enumerator's thread, as the gauges are read on another.
    private void registerProgress() {
        MetricGroup metrics = context.metricGroup();
        metrics.gauge("snapshotSplitsTotal", () -> splitsTotal);
        metrics.gauge("snapshotSplitsFinished", () -> splitsFinished);
        metrics.gauge("snapshotRowsEstimated", () -> estimatedRows);
        metrics.gauge("snapshotDone", () -> snapshotDone ? 1L : 0L);
        progress();
    }

    private void progress() {
        splitsTotal = splits.pending().size() + splits.unfinished().size() + finished.size();
        splitsFinished = finished.size();
        snapshotDone = splits.streamAssigned();
    }

    @Override
    protected void assigned() {
        progress();
    }

    @Override
    public PgEnumeratorState snapshotState(long checkpointId) {
        return new PgEnumeratorState(startLsn, splits.pending().stream().map(SnapshotSplit.class::cast).toList(),
                splits.unfinished(), splits.streamAssigned(), tables.ids());
    }
}
