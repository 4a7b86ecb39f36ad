package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions.SchemaChangeBehavior;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.connectors.postgres.pgoutput.PgOutputDecoder;
import io.cdcbridge.connectors.postgres.pgoutput.PgOutputHandler;
import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.types.RowKind;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the decoded messages into records, skipping what a restored position says was emitted already:
 * transactions committed before it, and the first rows of the one committed at it. Before the first change under a
 * new relation message of the table, compares its columns with those the stream showed before (kept in the split's
 * state): a change that concerns a declared column stops the stream there unless the table says
 * {@code 'schema-change.behavior' = 'ignore'}.
 */
final class ChangeCollector implements PgOutputHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeCollector.class);

    private final SourceConfig config;
    private final PostgresTable table;
    private final TupleRowConverter converter;
    private final int[] keyFields;
    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final SchemaChangeCheck schemaChanges;
    private final SchemaChangeCheck.Catalog catalog;
    private List<SourceColumn> columns = List.of();
    private Relation checked;
    private long handedLsn;
    private long handedRows;
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
    private boolean pendingColumns;

    ChangeCollector(SourceConfig config, TupleRowConverter converter, SchemaChangeCheck.Catalog catalog) {
        this.config = config;
        this.catalog = catalog;
        this.schemaChanges = new SchemaChangeCheck(config, catalog);
        this.table = config.table();
        this.converter = converter;
        this.keyFields = table.key().stream().mapToInt(k -> config.physicalType().getFieldIndex(k)).toArray();
    }

    /**
     * Skips what a restored position says was emitted already, and compares the table's columns with those the
     * stream showed last ({@code known}; empty: whatever the first relation message says).
     */
    void resumeAt(long lsn, long emitted, List<SourceColumn> known) {
        resumeLsn = lsn;
        resumeEmitted = emitted;
        position = lsn;
        handedLsn = lsn;
        handedRows = emitted;
        columns = known;
    }

    /**
     * Keeps these columns, seen before the stream starts, in the split's state with the first batch; a declared
     * column missing from them (it was there when the job started) is a change as any other.
     */
    void startWith(List<SourceColumn> seen) {
        List<String> missing = schemaChanges.missingAtStart(seen);
        if (!missing.isEmpty() && config.failOnSchemaChange()) throw schemaChanges.failureAtStart(missing);
        if (!missing.isEmpty()) {
            LOG.warn("cdcbridge-postgres {}: declared column(s) {} no longer in the table as the stream starts; it reads"
                    + " on, their values NULL ('schema-change.behavior' = 'ignore')", table.describe(), missing);
        }
        columns = seen;
        pendingColumns = true;
    }

    /** Collects into this batch from now on. */
    void into(RecordsBySplits.Builder<PgRecord> batch) {
        this.batch = batch;
        collected = 0;
        if (pendingColumns) {
            pendingColumns = false;
            add(new PgRecord(null, handedLsn, handedRows, 0, columns));
        }
    }

    /** Records collected into the batch so far. */
    int collected() {
        return collected;
    }

    /** Decodes one pgoutput message into records. */
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
        checkColumns(relation);
        emit(converter.toRow(relation, newTuple, null, RowKind.INSERT));
    }

    @Override
    public void update(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly, TupleData newTuple) {
        if (!ours(relation)) return;
        checkColumns(relation);
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
        checkColumns(relation);
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
        config.setMetadata(row, commitMillis);
        add(new PgRecord(row, transactionLsn, rowsInTransaction, commitMillis, null));
    }

    private void add(PgRecord record) {
        batch.add(StreamSplit.ID, record);
        collected++;
        handedLsn = record.lsn();
        handedRows = record.emitted();
    }

    // once per relation message: its columns against those the stream showed before
    private void checkColumns(Relation relation) {
        if (relation == checked) return;
        checked = relation;
        List<SourceColumn> shown = SourceColumn.of(relation);
        if (SchemaChangeCheck.same(columns, shown)) return;
        // the column numbers tell a rename from a drop and an add
        Map<Integer, String> numbers = catalog.columnNumbers();
        List<SourceColumn> now = SourceColumn.numbered(shown, numbers);
        if (!columns.isEmpty()) {
            List<SchemaChangeCheck.Change> changes = schemaChanges.changes(columns, now, numbers);
            if (config.failOnSchemaChange() && changes.stream().anyMatch(SchemaChangeCheck.Change::breaking)) {
                throw schemaChanges.failure(changes, transactionLsn);
            }
            if (config.schemaChanges().behavior() == SchemaChangeBehavior.EVOLVE
                    && changes.stream().anyMatch(schemaChanges::undeclaredAddition)) {
                throw schemaChanges.evolution(changes, transactionLsn);
            }
            LOG.warn("cdcbridge-postgres {}: the table's columns changed (transaction committed at {}): {}; the stream"
                    + " reads on", table.describe(), LogSequenceNumber.valueOf(transactionLsn).asString(),
                    changes.stream().map(SchemaChangeCheck.Change::what).collect(Collectors.joining("; ")));
        }
        columns = now;
        // at the position already handed over: the columns go into the split's state without moving it
        add(new PgRecord(null, handedLsn, handedRows, 0, now));
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
