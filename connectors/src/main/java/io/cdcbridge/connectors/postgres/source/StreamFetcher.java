package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamSplitReader;
import io.cdcbridge.connectors.postgres.replication.ReplicationStream;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stream split: the slot's changes with pgoutput for all its tables, opened at the split's position on the
 * first fetch, decoded by a {@link ChangeCollector} (which compares each table's columns with those the split's state
 * keeps, read from the catalog on the split's first open). Paces its reads: an idle stream is polled every millisecond, then every few,
 * and at the live edge it pauses so that the walsender's messages gather and are read in bulk. Sends the position of
 * completed checkpoints ({@code acknowledge}) to PostgreSQL from its thread, the one that owns the stream.
 */
final class StreamFetcher implements SnapshotThenStreamSplitReader.StreamFetch<PgRecord, StreamSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFetcher.class);
    // an idle stream is polled every millisecond at first, then every few: a change arrives within ~5 ms at most
    private static final int EAGER_IDLE_POLLS = 200;
    private static final long IDLE_SLEEP_MILLIS = 4;
    // At the live edge pgjdbc waits on the socket for every message, so each of the walsender's sends (one per
    // message) wakes this thread, which then preempts the walsender at each and lets it fall behind under OLTP.
    // Pausing this long instead lets messages gather and be read in bulk. Two reads in a row that waited mark the
    // live edge: one alone may be a preemption while a backlog is read.
    private static final long LIVE_EDGE_PAUSE_MILLIS = 2;
    private static final int LIVE_EDGE_WAITS = 2;
    // an idle fetch returns after this long, so that the fetcher can run its tasks
    private static final long MAX_IDLE_FETCH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final SlotTables tables;
    private final AtomicLong acknowledge;
    private final int batchRows;
    private final List<TableCatalog> catalogs;
    private final ChangeCollector changes;
    // the tables that joined a restored job, copied before the stream opens, and the copier (with its connection)
    private final Deque<Integer> joined = new ArrayDeque<>();
    private final SnapshotFetcher copier;
    private List<SourceColumn> columnsAtCopy;
    private boolean resumed;
    private volatile boolean wakeUp;
    private ReplicationStream stream;
    private int idlePolls; // since the last message, across fetches
    private boolean pauseBeforeRead;
    private int waitsInARow;

    /** @param acknowledge the position of the latest completed checkpoint, which PostgreSQL may release WAL up to */
    /** @param converters each table's, by index */
    StreamFetcher(SlotTables tables, TupleRowConverter[] converters, int batchRows, AtomicLong acknowledge) {
        this.tables = tables;
        this.acknowledge = acknowledge;
        this.batchRows = batchRows;
        this.catalogs = tables.all().stream().map(c -> new TableCatalog(c.table())).toList();
        this.changes = new ChangeCollector(tables, converters, catalogs);
        this.copier = new SnapshotFetcher(tables, converters, batchRows);
    }

    @Override
    public void wakeUp() {
        wakeUp = true;
    }

    @Override
    public RecordsWithSplitIds<PgRecord> fetch(StreamSplit split) throws SQLException {
        wakeUp = false;
        if (stream == null) {
            if (!resumed) resume(split);
            if (!joined.isEmpty()) return copyJoined();
            open(split);
        }
        if (pauseBeforeRead) {
            pauseBeforeRead = false;
            sleep(LIVE_EDGE_PAUSE_MILLIS);
        }
        RecordsBySplits.Builder<PgRecord> batch = new RecordsBySplits.Builder<>();
        changes.into(batch);
        long idleSince = System.nanoTime();
        while (true) {
            stream.acknowledge(acknowledge.get());
            ByteBuffer message = stream.poll();
            if (message != null) {
                changes.decode(message);
                if (changes.collected() >= batchRows) break;
                idlePolls = 0;
                waitsInARow = stream.waited() ? waitsInARow + 1 : 0;
                if (waitsInARow >= LIVE_EDGE_WAITS) {
                    waitsInARow = 0;
                    pauseBeforeRead = true;
                    break;
                }
                continue;
            }
            // caught up: hand over what there is now rather than wait for more
            if (changes.collected() > 0) break;
            if (changes.advanceWhenIdle(stream.lastReceived())) break;
            if (wakeUp || System.nanoTime() - idleSince > MAX_IDLE_FETCH_NANOS) break;
            sleep(idlePolls++ < EAGER_IDLE_POLLS ? 1 : IDLE_SLEEP_MILLIS);
        }
        return batch.build();
    }

    @Override
    public void close() throws SQLException {
        try {
            if (stream != null) stream.close();
        } finally {
            copier.close();
        }
    }

    private void resume(StreamSplit split) throws SQLException {
        resumed = true;
        changes.resumeAt(split);
        joined.addAll(changes.joinedSince(split));
        // the first open of the stream split: the columns now are what later changes are compared with (read
        // before the stream opens, so that no change made once it is open can be among them)
        for (int table : changes.withoutColumns()) {
            if (!joined.contains(table)) changes.startWith(table, catalogs.get(table).columns());
        }
    }

    // A table that joined a restored job, whose snapshot no one read, is copied whole before the stream goes on, on
    // this thread: every change the stream emitted before was committed before the copy, and those it replays after
    // it lead to the newest rows (as over the first snapshot). Its columns join the state once the copy is through, so
    // a restore from a checkpoint taken in the middle copies it again.
    private RecordsWithSplitIds<PgRecord> copyJoined() throws SQLException {
        RecordsBySplits.Builder<PgRecord> batch = new RecordsBySplits.Builder<>();
        changes.into(batch);
        int table = joined.peek();
        if (!copier.reading()) {
            columnsAtCopy = catalogs.get(table).columns();
            copier.start(new SnapshotSplit(tables.ids().get(table), 0, null, null));
            LOG.info("cdcbridge-postgres {}: copying {}, which joined the restored job, before the stream goes on",
                    tables.describe(), tables.all().get(table).table().describe());
        }
        if (!copier.copyInto(row -> changes.snapshotRow(table, row))) {
            joined.poll();
            changes.startWith(table, columnsAtCopy);
        }
        return batch.build();
    }

    private void open(StreamSplit split) throws SQLException {
        SourceConfig config = tables.first();
        stream = ReplicationStream.open(config.table(), config.slot(), config.publication(), split.lsn());
        LOG.info("cdcbridge-postgres {}: streaming slot {} from {} ({} row(s) of that transaction emitted already)",
                tables.describe(), config.slot(), LogSequenceNumber.valueOf(split.lsn()), split.emitted());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
