package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.Identifiers;
import io.cdcbridge.connectors.postgres.MetadataColumn;
import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.connectors.postgres.pgoutput.PgOutputDecoder;
import io.cdcbridge.connectors.postgres.pgoutput.PgOutputHandler;
import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import io.cdcbridge.connectors.postgres.replication.ReplicationStream;
import io.cdcbridge.connectors.postgres.text.CopyTextLine;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.types.RowKind;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads snapshot splits with COPY and then the stream split with pgoutput, in batches so that the fetcher stays
 * responsive (new splits, wake-ups, acknowledgements). Rows are decoded here, on the fetcher thread. Owns the
 * replication stream: acknowledgements of completed checkpoints ({@code acknowledge}) are sent from here.
 */
final class PgSplitReader implements SplitReader<PgRecord, PgSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(PgSplitReader.class);
    private static final int BATCH_ROWS = 2048;
    // an idle stream is polled every millisecond at first, then every few: a change arrives within ~5 ms at most
    private static final int EAGER_IDLE_POLLS = 200;
    private static final long IDLE_SLEEP_MILLIS = 4;
    // At the live edge pgjdbc waits on the socket for every message, so each of the walsender's sends (one per
    // message) wakes this thread: under OLTP that is ~20k context switches a second on both sides, and the walsender,
    // preempted at each, falls seconds behind. Pausing this long instead lets messages gather and be read in bulk.
    // Two reads in a row that waited mark the live edge: one alone may be a preemption while a backlog is read.
    private static final long LIVE_EDGE_PAUSE_MILLIS = 2;
    private static final int LIVE_EDGE_WAITS = 2;
    // an idle fetch returns after this long, so that the fetcher can run its tasks
    private static final long MAX_IDLE_FETCH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final SourceConfig config;
    private final PostgresTable table;
    private final AtomicLong acknowledge;
    private final TupleRowConverter converter;
    private final int physicalFields;
    private final int[] keyFields;
    private final Queue<SnapshotSplit> snapshots = new ArrayDeque<>();
    private volatile boolean wakeUp;

    private Connection snapshotConnection;
    private SnapshotSplit copying;
    private CopyOut copy;
    private long copied;

    private StreamSplit streamSplit;
    private ReplicationStream stream;
    private int idlePolls; // since the last message, across fetches
    private boolean pauseBeforeRead;
    private int waitsInARow;
    private final ChangeCollector changes = new ChangeCollector();

    PgSplitReader(SourceConfig config, AtomicLong acknowledge) {
        this.config = config;
        this.table = config.table();
        this.acknowledge = acknowledge;
        this.physicalFields = config.physicalType().getFieldCount();
        this.converter = new TupleRowConverter(config.physicalType(), config.metadata().size());
        this.keyFields = table.key().stream().mapToInt(k -> config.physicalType().getFieldIndex(k)).toArray();
    }

    @Override
    public RecordsWithSplitIds<PgRecord> fetch() throws IOException {
        wakeUp = false;
        try {
            if (copying == null && !snapshots.isEmpty()) startCopy(snapshots.poll());
            if (copying != null) return readCopy();
            if (streamSplit != null) return readStream();
            return new RecordsBySplits.Builder<PgRecord>().build();
        } catch (SQLException e) {
            throw new IOException(new PostgresSourceException("cdcbridge-postgres lost " + table.describe() + ": "
                    + e.getMessage(), e));
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<PgSplit> change) {
        if (!(change instanceof SplitsAddition)) return;
        for (PgSplit split : change.splits()) {
            if (split instanceof SnapshotSplit s) snapshots.add(s);
            else if (split instanceof StreamSplit s) streamSplit = s;
        }
    }

    @Override
    public void wakeUp() {
        wakeUp = true;
    }

    @Override
    public void close() throws Exception {
        try {
            if (stream != null) stream.close();
        } finally {
            if (snapshotConnection != null) snapshotConnection.close();
        }
    }

    // ---- snapshot

    private void startCopy(SnapshotSplit split) throws SQLException {
        if (snapshotConnection == null) snapshotConnection = table.endpoint().connect();
        String columns = table.columns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String sql = "COPY (SELECT " + columns + " FROM " + table.quoted() + where(split) + ") TO STDOUT";
        copy = snapshotConnection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        copying = split;
        copied = 0;
    }

    private String where(SnapshotSplit split) {
        if (split.lower() == null && split.upper() == null) return "";
        String key = Identifiers.quote(config.chunkKey());
        if (split.lower() == null) return " WHERE " + key + " < " + split.upper() + " OR " + key + " IS NULL";
        if (split.upper() == null) return " WHERE " + key + " >= " + split.lower();
        return " WHERE " + key + " >= " + split.lower() + " AND " + key + " < " + split.upper();
    }

    private RecordsWithSplitIds<PgRecord> readCopy() throws SQLException {
        RecordsBySplits.Builder<PgRecord> batch = new RecordsBySplits.Builder<>();
        String id = copying.splitId();
        int columns = physicalFields;
        for (int i = 0; i < BATCH_ROWS; i++) {
            byte[] line = copy.readFromCopy();
            if (line == null) {
                LOG.debug("cdcbridge-postgres {}: {} read, {} rows", table.describe(), id, copied);
                batch.addFinishedSplit(id);
                copying = null;
                copy = null;
                break;
            }
            int length = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
            GenericRowData row = converter.toRow(CopyTextLine.parse(line, 0, length, columns), RowKind.INSERT);
            withMetadata(row, 0);
            batch.add(id, new PgRecord(row, 0, 0));
            copied++;
        }
        return batch.build();
    }

    // ---- stream

    private RecordsWithSplitIds<PgRecord> readStream() throws SQLException {
        if (stream == null) {
            stream = ReplicationStream.open(table, config.slot(), config.publication(), streamSplit.lsn());
            changes.resumeAt(streamSplit.lsn(), streamSplit.emitted());
            LOG.info("cdcbridge-postgres {}: streaming slot {} from {} ({} row(s) of that transaction emitted already)",
                    table.describe(), config.slot(), LogSequenceNumber.valueOf(streamSplit.lsn()), streamSplit.emitted());
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
                if (changes.collected() >= BATCH_ROWS) break;
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void withMetadata(GenericRowData row, long commitMillis) {
        List<MetadataColumn> metadata = config.metadata();
        for (int i = 0; i < metadata.size(); i++) row.setField(physicalFields + i, metadata.get(i).value(table, commitMillis));
    }

    /**
     * Turns the decoded messages into records, skipping what a restored position says was emitted already:
     * transactions committed before it, and the first rows of the one committed at it.
     */
    private final class ChangeCollector implements PgOutputHandler {

        private final PgOutputDecoder decoder = new PgOutputDecoder();
        private RecordsBySplits.Builder<PgRecord> batch;
        private int collected;
        private long resumeLsn;
        private long resumeEmitted;
        private long position;
        private boolean inTransaction;
        private long transactionLsn;
        private long commitMillis;
        private long rowsInTransaction;
        private long rowsToSkip;
        private boolean skipTransaction;

        void resumeAt(long lsn, long emitted) {
            resumeLsn = lsn;
            resumeEmitted = emitted;
            position = lsn;
        }

        void into(RecordsBySplits.Builder<PgRecord> batch) {
            this.batch = batch;
            collected = 0;
        }

        int collected() {
            return collected;
        }

        void decode(ByteBuffer message) {
            decoder.decode(message, this);
        }

        // Between transactions, the server's keepalive position is decoded WAL: no transaction still to come commits
        // before it, so the position (and the acknowledgement, which frees WAL) may move there.
        boolean advanceWhenIdle(long serverLsn) {
            if (inTransaction || serverLsn <= position) return false;
            position = serverLsn;
            add(new PgRecord(null, serverLsn, 0));
            return true;
        }

        @Override
        public void begin(long finalLsn, long commitTimeMicros, long xid) {
            inTransaction = true;
            transactionLsn = finalLsn;
            commitMillis = Math.floorDiv(commitTimeMicros, 1000);
            rowsInTransaction = 0;
            skipTransaction = finalLsn < resumeLsn;
            rowsToSkip = finalLsn == resumeLsn ? resumeEmitted : 0;
        }

        @Override
        public void insert(Relation relation, TupleData newTuple) {
            if (!ours(relation)) return;
            emit(converter.toRow(relation, newTuple, null, RowKind.INSERT));
        }

        @Override
        public void update(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly, TupleData newTuple) {
            if (!ours(relation)) return;
            if (config.upsert()) {
                // by key: the old row (when sent: a key change, or FULL) only tells whether the key changed
                GenericRowData after = converter.toRow(relation, newTuple, oldTuple, RowKind.UPDATE_AFTER);
                if (oldTuple != null) {
                    GenericRowData before = converter.toRow(relation, oldTuple, null, RowKind.DELETE);
                    if (!sameKey(before, after)) emit(before);
                }
                emit(after);
                return;
            }
            requireOldRow(relation, oldTuple, oldIsKeyOnly);
            GenericRowData before = converter.toRow(relation, oldTuple, null, RowKind.UPDATE_BEFORE);
            GenericRowData after = converter.toRow(relation, newTuple, oldTuple, RowKind.UPDATE_AFTER);
            if (!sameKey(before, after)) {
                // a key change is a delete and an insert: an upsert sink keyed by the primary key needs the delete
                before.setRowKind(RowKind.DELETE);
                after.setRowKind(RowKind.INSERT);
            }
            emit(before);
            emit(after);
        }

        @Override
        public void delete(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly) {
            if (!ours(relation)) return;
            // by key, a key-only old row will do
            if (!config.upsert() || oldTuple == null) requireOldRow(relation, oldTuple, oldIsKeyOnly);
            emit(converter.toRow(relation, oldTuple, null, RowKind.DELETE));
        }

        @Override
        public void truncate(List<Relation> relations, boolean cascade, boolean restartIdentity) {
            if (skipTransaction || relations.stream().noneMatch(this::ours)) return;
            throw new PostgresSourceException("cdcbridge-postgres: " + table.describe() + " was truncated (transaction"
                    + " committed at " + LogSequenceNumber.valueOf(transactionLsn) + "). A truncate cannot be streamed as row"
                    + " changes, so the job stops here rather than leave its sinks silently out of date. Empty the sinks,"
                    + " then start the statement afresh with a new slot (or drop slot '" + config.slot() + "' first)");
        }

        @Override
        public void commit(long commitLsn, long endLsn, long commitTimeMicros) {
            inTransaction = false;
            if (skipTransaction) return;
            position = endLsn;
            add(new PgRecord(null, endLsn, 0));
        }

        private void emit(GenericRowData row) {
            rowsInTransaction++;
            if (skipTransaction || rowsInTransaction <= rowsToSkip) return;
            withMetadata(row, commitMillis);
            add(new PgRecord(row, transactionLsn, rowsInTransaction));
        }

        private void add(PgRecord record) {
            batch.add(StreamSplit.ID, record);
            collected++;
        }

        private boolean ours(Relation relation) {
            return relation.schema().equals(table.schema()) && relation.table().equals(table.table());
        }

        private boolean sameKey(GenericRowData a, GenericRowData b) {
            for (int k : keyFields) if (!Objects.equals(a.getField(k), b.getField(k))) return false;
            return true;
        }

        private void requireOldRow(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly) {
            if (oldTuple == null || oldIsKeyOnly || relation.replicaIdentity() != 'f') {
                throw new PostgresSourceException("cdcbridge-postgres: an update or delete of " + table.describe()
                        + " came without the old row: the table's REPLICA IDENTITY is not FULL. Run: ALTER TABLE "
                        + table.quoted() + " REPLICA IDENTITY FULL (or read it with 'changelog-mode' = 'upsert')");
            }
        }
    }
}
